"""Merging a duplicate company moves its channels, requests, names and domains."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from companies.models import Company, CompanyDomain
from companies.selectors import company_search
from companies.services import CompanyError, company_create
from conftest import make_channel, make_member, make_request
from referrals.models import ReferralRequest, ReferrerChannel, Status
from referrals.services import referral_refer
from workflows.companies import company_merge


@pytest.fixture
def duplicate(db):
    return company_create(
        name_en="Acme Semi Inc",
        name_zh="愛客美",
        website="https://acme-semi.example",
        aliases=["AcmeSemi"],
    )


def test_merge_moves_channels_requests_aliases_and_domains(
    acme, duplicate, channel, alice, charlie
):
    erin = make_member("erin@example.com", "Erin")
    erin_channel = make_channel(erin, duplicate)
    open_request = make_request(charlie, erin_channel)
    done = make_request(alice, erin_channel)
    referral_refer(request=done, referrer=erin)

    company_merge(source=duplicate, target=acme)

    assert not Company.objects.filter(pk=duplicate.pk).exists()
    erin_channel.refresh_from_db()
    assert erin_channel.company == acme
    assert erin_channel.open_count == 1 and erin_channel.referred_count == 1
    for r in (open_request, done):
        r.refresh_from_db()
        assert r.company == acme and r.channel == erin_channel
    names = set(acme.aliases.values_list("name", flat=True))
    assert {"ACME", "Acme Semi Inc", "愛客美", "AcmeSemi"} <= names
    assert set(CompanyDomain.objects.filter(company=acme).values_list("domain", flat=True)) == {
        "acme.example",
        "acme-semi.example",
    }
    acme.refresh_from_db()
    assert acme.active_referrer_count == 2
    assert acme.referrer_count == 2
    assert list(company_search("AcmeSemi")) == [acme]
    assert list(company_search("Acme Semi Inc")) == [acme]


def test_referrer_at_both_keeps_target_channel(acme, duplicate, bob, channel, alice):
    twin = make_channel(bob, duplicate)
    moved = make_request(alice, twin)
    company_merge(source=duplicate, target=acme)
    assert list(ReferrerChannel.objects.filter(referrer=bob)) == [channel]
    moved.refresh_from_db()
    assert moved.channel == channel and moved.company == acme
    channel.refresh_from_db()
    assert (channel.open_count, channel.received_count) == (1, 1)


def test_seeker_with_open_requests_at_both_keeps_the_older(acme, duplicate, channel, alice, dana):
    dana_channel = make_channel(dana, duplicate)
    now = timezone.now()
    with time_machine.travel(now - timedelta(days=2), tick=False):
        older = make_request(alice, dana_channel)  # at the duplicate, sent first
    newer = make_request(alice, channel)  # at the target, sent later
    company_merge(source=duplicate, target=acme)
    older.refresh_from_db()
    newer.refresh_from_db()
    assert older.status == Status.SUBMITTED
    assert newer.status == Status.WITHDRAWN
    assert newer.events.last().message
    assert (
        ReferralRequest.objects.filter(
            seeker=alice, company=acme, status__in=["submitted", "viewed", "needs_info"]
        ).count()
        == 1
    )
    channel.refresh_from_db()
    assert channel.open_count == 0


def test_seeker_with_newer_request_at_the_duplicate(acme, duplicate, channel, alice, dana):
    dana_channel = make_channel(dana, duplicate)
    now = timezone.now()
    with time_machine.travel(now - timedelta(days=2), tick=False):
        older = make_request(alice, channel)
    newer = make_request(alice, dana_channel)
    company_merge(source=duplicate, target=acme)
    older.refresh_from_db()
    newer.refresh_from_db()
    assert (older.status, newer.status) == (Status.SUBMITTED, Status.WITHDRAWN)


def test_cannot_merge_into_itself(acme):
    with pytest.raises(CompanyError):
        company_merge(source=acme, target=acme)
    assert Company.objects.filter(pk=acme.pk).exists()
