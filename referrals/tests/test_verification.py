import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from referrals.models import WorkEmailCode
from referrals.services import ReferralError
from referrals.verification import channel_verification_confirm, channel_verification_send


def _code() -> str:
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)


def test_code_sent_to_company_domain_and_badge_granted(client, bob, channel):
    client.force_login(bob)
    url = reverse("referrals:channel_verify", args=[channel.pk])
    response = client.post(url, {"step": "send", "email": "bob.chen@mail.acme.example"})
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["bob.chen@mail.acme.example"]
    response = client.post(url, {"step": "confirm", "code": _code()})
    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.is_verified and channel.verified_domain == "acme.example"
    # The address itself is stored nowhere.
    assert not WorkEmailCode.objects.filter(domain__contains="bob.chen").exists()
    assert "bob.chen" not in str(list(WorkEmailCode.objects.values()))


def test_address_outside_company_domains_is_refused(bob, channel):
    with pytest.raises(ReferralError, match="not at one of the company's domains"):
        channel_verification_send(channel=channel, email="bob@evil-acme.example")
    assert mail.outbox == []


def test_code_is_single_use_expires_and_limits_attempts(bob, channel):
    channel_verification_send(channel=channel, email="bob@acme.example")
    code = _code()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        with pytest.raises(ReferralError, match="not right"):
            channel_verification_confirm(channel=channel, code=wrong)
    with pytest.raises(ReferralError, match="Too many wrong codes"):
        channel_verification_confirm(channel=channel, code=code)

    channel_verification_send(channel=channel, email="bob@acme.example")
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        with pytest.raises(ReferralError, match="expired"):
            channel_verification_confirm(channel=channel, code=_code())

    channel_verification_send(channel=channel, email="bob@acme.example")
    code = _code()
    channel_verification_confirm(channel=channel, code=code)
    with pytest.raises(ReferralError):
        channel_verification_confirm(channel=channel, code=code)


def test_code_sending_is_rate_limited(bob, channel):
    for _ in range(3):
        channel_verification_send(channel=channel, email="bob@acme.example")
    with pytest.raises(ReferralError, match="Too many codes"):
        channel_verification_send(channel=channel, email="bob@acme.example")
    assert len(mail.outbox) == 3
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
        channel_verification_send(channel=channel, email="bob@acme.example")
    assert len(mail.outbox) == 4


def test_only_the_owner_can_open_verification(client, alice, dana, channel):
    url = reverse("referrals:channel_verify", args=[channel.pk])
    for member in (alice, dana):
        client.force_login(member)
        assert client.get(url).status_code == 404
        assert client.post(url, {"step": "send", "email": "x@acme.example"}).status_code == 404
    assert mail.outbox == []
