"""Limits against spam: one open request per company, caps overall and per day, the referrer's
capacity, paused referrers and kinds of ask. Each refusal says why and saves nothing."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from companies.services import company_create
from conftest import make_channel, make_member, make_request, page_text, pdf_upload, private_files
from guanxi.formats import when
from referrals.models import AskKind, ReferralRequest, ReferrerChannel, Status
from referrals.services import (
    ReferralError,
    channel_is_accepting,
    channel_save,
    channels_resume_paused,
    referral_decline,
    referral_withdraw,
    seeker_limit_problem,
)
from resumes.models import Resume


def _companies_with_channels(count: int):
    channels = []
    for i in range(count):
        company = company_create(name_en=f"Company {i}", website=f"https://c{i}.example")
        referrer = make_member(f"ref{i}@example.com", f"Referrer {i}")
        channels.append(make_channel(referrer, company))
    return channels


def _form():
    return {
        "kind": AskKind.REFERRAL,
        "position_title": "Backend engineer",
        "job_id": "R-9",
        "upload": pdf_upload(),
        "keep_in_library": "on",
        "note": "I fit well.",
        "confirm_instructions": "on",
        "confirm_accurate": "on",
    }


def _assert_refused_via_form(client, seeker, channel, message):
    """The ask page warns before typing, and the POST saves nothing."""
    requests, resumes, files = (
        ReferralRequest.objects.count(),
        Resume.objects.count(),
        len(private_files()),
    )
    client.force_login(seeker)
    url = reverse("referrals:ask", args=[channel.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert message in response.context["limit_problem"]
    assert message in page_text(response)
    response = client.post(url, _form())
    assert response.status_code == 200
    assert any(message in e for e in response.context["form"].non_field_errors())
    assert message in page_text(response)
    assert ReferralRequest.objects.count() == requests
    assert Resume.objects.count() == resumes
    assert len(private_files()) == files


# --- One open request per seeker and company --------------------------------------------------


def test_second_open_request_at_same_company_is_refused(client, alice, referral, dana_channel):
    _assert_refused_via_form(
        client, alice, dana_channel, "You already have an open request at this company."
    )
    with pytest.raises(ReferralError, match="already have an open request at this company"):
        make_request(alice, dana_channel)
    assert ReferralRequest.objects.filter(seeker=alice).count() == 1
    assert Resume.objects.filter(owner=alice).count() == 1
    assert len(private_files()) == 1


def test_after_closing_the_seeker_may_ask_again_at_that_company(alice, referral, dana_channel):
    referral_withdraw(request=referral, seeker=alice)
    second = make_request(alice, dana_channel)
    assert second.status == Status.SUBMITTED


def test_database_constraint_backs_the_rule(alice, referral, dana_channel, monkeypatch):
    """Even if the pre-check were skipped (two tabs at once), the constraint refuses cleanly."""
    import referrals.services as services

    monkeypatch.setattr(services, "seeker_limit_problem", lambda **kw: None)
    files = private_files()
    with pytest.raises(ReferralError, match="already have an open request at this company"):
        make_request(alice, dana_channel)
    assert ReferralRequest.objects.filter(seeker=alice).count() == 1
    assert Resume.objects.filter(owner=alice).count() == 1
    assert private_files() == files


# --- Caps on open requests overall and per day ------------------------------------------------


def test_cap_on_open_requests(client, alice, settings):
    settings.REFERRAL_MAX_OPEN_PER_SEEKER = 2
    settings.REFERRAL_MAX_PER_DAY = 100
    first, second, third = _companies_with_channels(3)
    made = [make_request(alice, first), make_request(alice, second)]
    _assert_refused_via_form(
        client, alice, third, "You have 2 open requests, the most allowed at once."
    )
    referral_withdraw(request=made[0], seeker=alice)
    assert seeker_limit_problem(seeker=alice, channel=third) is None
    assert make_request(alice, third).status == Status.SUBMITTED


def test_daily_cap_with_time_travel(client, alice, settings):
    settings.REFERRAL_MAX_OPEN_PER_SEEKER = 100
    settings.REFERRAL_MAX_PER_DAY = 2
    channels = _companies_with_channels(3)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        made = [make_request(alice, c) for c in channels[:2]]
        # Closed requests still count towards the day: quality over quantity.
        referral_decline(request=made[0], referrer=channels[0].referrer, reason="other")
        _assert_refused_via_form(
            client, alice, channels[2], "You have sent 2 requests in the last 24 hours"
        )
    with time_machine.travel(start + timedelta(hours=23), tick=False):
        assert "daily limit" in seeker_limit_problem(seeker=alice, channel=channels[2])
    with time_machine.travel(start + timedelta(hours=24, minutes=1), tick=False):
        assert seeker_limit_problem(seeker=alice, channel=channels[2]) is None
        assert make_request(alice, channels[2]).status == Status.SUBMITTED


# --- The referrer's side: capacity, pause, kinds of ask ---------------------------------------


def test_full_channel_is_refused(client, alice, charlie, bob, acme):
    channel = make_channel(bob, acme, capacity=1)
    make_request(charlie, channel)
    channel.refresh_from_db()
    assert channel.is_full and not channel.can_be_asked
    _assert_refused_via_form(
        client, alice, channel, "This referrer already has 1 open requests, their limit."
    )
    # Room again once the referrer decides.
    referral_decline(
        request=ReferralRequest.objects.get(seeker=charlie), referrer=bob, reason="other"
    )
    channel.refresh_from_db()
    assert not channel.is_full
    assert make_request(alice, channel).status == Status.SUBMITTED


def _in_english(day):
    with translation.override("en"):
        return when(day, "date")  # "9 Dec", as alice reads it


def test_paused_channel_is_refused_and_reopens_after_the_date(client, alice, bob, acme):
    today = timezone.localdate()
    until = today + timedelta(days=3)
    channel = make_channel(bob, acme, is_accepting=False, paused_until=until)
    acme.refresh_from_db()
    assert acme.active_referrer_count == 0
    _assert_refused_via_form(
        client,
        alice,
        channel,
        f"This referrer has paused requests until {_in_english(until)}.",
    )
    assert channels_resume_paused() == 0

    after = timezone.now() + timedelta(days=4)
    with time_machine.travel(after, tick=False):
        assert channel_is_accepting(channel)
        assert channels_resume_paused() == 1
        assert channels_resume_paused() == 0  # safe to run twice
        channel.refresh_from_db()
        assert channel.is_accepting and channel.paused_until is None
        acme.refresh_from_db()
        assert acme.active_referrer_count == 1
        assert make_request(alice, channel).status == Status.SUBMITTED


def test_paused_without_date_is_refused(client, alice, bob, acme):
    channel = make_channel(bob, acme, is_accepting=False)
    _assert_refused_via_form(
        client, alice, channel, "This referrer has paused requests. Please choose another referrer."
    )
    assert channels_resume_paused(today=date(2100, 1, 1)) == 0


def test_kind_of_ask_not_accepted_is_refused(alice, bob, acme):
    channel = make_channel(bob, acme, accepted_kinds=[AskKind.ADVICE, AskKind.RESUME_REVIEW])
    with pytest.raises(ReferralError, match="does not accept this kind of request"):
        make_request(alice, channel, kind=AskKind.REFERRAL)
    assert ReferralRequest.objects.count() == 0
    assert Resume.objects.count() == 0
    assert private_files() == []
    assert make_request(alice, channel, kind=AskKind.RESUME_REVIEW).kind == AskKind.RESUME_REVIEW


def test_cannot_ask_yourself(bob, channel):
    assert seeker_limit_problem(seeker=bob, channel=channel) == (
        "You cannot send a request to yourself."
    )
    with pytest.raises(ReferralError):
        make_request(bob, channel)


def test_channel_needs_a_kind_of_ask(bob, acme):
    channel = ReferrerChannel(referrer=bob, company=acme, job_title="x", accepted_kinds=[])
    with pytest.raises(ReferralError, match="at least one kind of request"):
        channel_save(channel=channel)
    assert not ReferrerChannel.objects.exists()


def test_one_channel_per_company(bob, channel, acme):
    with pytest.raises(ReferralError, match="already have a referrer channel at this company"):
        make_channel(bob, acme)
    assert ReferrerChannel.objects.filter(referrer=bob).count() == 1


def test_limit_message_in_the_members_language(client, alice, referral, dana_channel):
    from django.utils import translation
    from django.utils.translation import gettext

    alice.language = "zh-hant"
    alice.save(update_fields=["language"])
    with translation.override("zh-hant"):
        expected = gettext(
            "You already have an open request at this company. Wait for its answer or "
            "withdraw it before asking someone else there."
        )
    client.force_login(alice)
    response = client.post(reverse("referrals:ask", args=[dana_channel.pk]), _form())
    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hant"
    assert expected in page_text(response)
    assert ReferralRequest.objects.filter(seeker=alice).count() == 1
    assert len(private_files()) == 1
