"""A referrer's impact page: only their own channels, the right figures, a friendly page for a
member without a channel, a fixed number of queries, both languages."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.services import company_create
from conftest import make_channel, make_member, make_request, page_text
from referrals.selectors import referrer_impact
from referrals.services import (
    referral_ask_for_info,
    referral_decline,
    referral_refer,
    referral_report_outcome,
    referral_thank,
    referrals_expire_due,
)


@pytest.fixture(autouse=True)
def _room(settings):
    settings.REFERRAL_MAX_OPEN_PER_SEEKER = 100
    settings.REFERRAL_MAX_PER_DAY = 100


@pytest.fixture
def globex(db):
    return company_create(name_en="Globex Systems", name_zh="環宇系統", website="https://g.example")


def _seeker(i: int):
    return make_member(f"seeker{i}@example.com", f"Seeker {i}")


@pytest.fixture
def history(bob, channel, globex, dana_channel, alice):
    """Bob at Acme: two referred 400 days ago (one hired, thanked then), one referred recently
    (interviewing, thanked), one declined, one expired unanswered, one waiting for the seeker's
    answer. Bob at Globex: one referred. Dana (also at Acme) has a thanked referral of her own."""
    long_ago = timezone.now() - datetime.timedelta(days=400)
    old = []
    with time_machine.travel(long_ago, tick=False):
        for i in range(2):
            old.append(make_request(_seeker(i), channel))
            referral_refer(request=old[-1], referrer=bob)
        referral_report_outcome(request=old[0], seeker=old[0].seeker, outcome="hired")
        referral_thank(request=old[0], seeker=old[0].seeker, message="I got the job. Thank you!")
    recent = make_request(_seeker(2), channel)
    referral_refer(request=recent, referrer=bob)
    referral_report_outcome(request=recent, seeker=recent.seeker, outcome="interviewing")
    referral_thank(request=recent, seeker=recent.seeker, message="Thanks for the quick referral.")
    referral_decline(request=make_request(_seeker(3), channel), referrer=bob, reason="no_opening")
    make_request(_seeker(4), channel)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8), tick=False):
        referrals_expire_due()
    referral_ask_for_info(request=make_request(_seeker(5), channel), referrer=bob, question="ID?")
    at_globex = make_channel(bob, globex, job_title="Staff engineer")
    referral_refer(request=make_request(_seeker(6), at_globex), referrer=bob)
    danas = make_request(alice, dana_channel)
    referral_refer(request=danas, referrer=dana_channel.referrer)
    referral_thank(request=danas, seeker=alice, message="Dana's thanks, not Bob's.")
    channel.refresh_from_db()
    at_globex.refresh_from_db()
    return channel, at_globex


def test_the_figures(bob, history):
    acme, globex = history
    figures = referrer_impact(bob, [acme, globex])
    at_acme = figures["channels"][acme.pk]
    assert (at_acme.received, at_acme.referred, at_acme.thanked) == (6, 3, 2)
    assert at_acme.outcomes == {"hired": 1, "interviewing": 1}
    assert (at_acme.recent_received, at_acme.recent_referred, at_acme.recent_thanked) == (4, 1, 1)
    # Answered: 3 referred, 1 declined, 1 asked for info; 1 expired unanswered.
    assert at_acme.response_rate_percent == 83
    total = figures["total"]
    assert (total.received, total.referred, total.thanked, total.outcomes_reported) == (7, 4, 2, 2)
    assert total.recent_received == 5 and total.recent_referred == 2
    assert total.median_response_seconds is not None
    assert total.last_referred_at == max(acme.last_referred_at, globex.last_referred_at)
    assert [event.message for event in figures["thanks"]] == [
        "Thanks for the quick referral.",
        "I got the job. Thank you!",
    ]


def test_the_page(client, bob, history):
    acme, globex = history
    client.force_login(bob)
    response = client.get(reverse("referrals:impact"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    text = page_text(response)
    assert "My impact as a referrer" in text
    assert "All your 2 channels" in text
    assert "Thanks for the quick referral." in text
    assert "Dana's thanks" not in text
    assert reverse("referrals:channel_impact", args=[acme.pk]) in text
    assert reverse("referrals:channel_impact", args=[globex.pk]) in text
    assert "Hired" in text and "Interviewing" in text
    one = page_text(client.get(reverse("referrals:channel_impact", args=[globex.pk])))
    assert "My impact at Globex Systems" in one
    assert "Thanks for the quick referral." not in one


def test_another_members_channel_is_not_found(client, bob, dana, history, dana_channel):
    client.force_login(bob)
    assert (
        client.get(reverse("referrals:channel_impact", args=[dana_channel.pk])).status_code == 404
    )
    assert client.get(reverse("referrals:channel_impact", args=[999999])).status_code == 404
    client.force_login(dana)
    text = page_text(client.get(reverse("referrals:impact"), HTTP_ACCEPT_LANGUAGE="en"))
    assert "Dana's thanks, not Bob's." in text
    assert "Thanks for the quick referral." not in text
    acme, _globex = history
    assert client.get(reverse("referrals:channel_impact", args=[acme.pk])).status_code == 404


def test_a_member_without_channels(client, charlie):
    response = client.get(reverse("referrals:impact"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(charlie)
    response = client.get(reverse("referrals:impact"), HTTP_ACCEPT_LANGUAGE="en")
    text = page_text(response)
    assert "You do not refer anywhere yet." in text
    assert reverse("referrals:channel_choose_company") in text


def test_reachable_from_the_channels_and_the_inbox(client, bob, channel):
    client.force_login(bob)
    impact = reverse("referrals:impact")
    assert impact in page_text(client.get(reverse("referrals:channels")))
    assert impact in page_text(client.get(reverse("referrals:inbox")))


def test_in_chinese(client, bob, history):
    bob.language = "zh-hant"
    bob.save(update_fields=["language"])
    client.force_login(bob)
    text = page_text(client.get(reverse("referrals:impact"), HTTP_ACCEPT_LANGUAGE="zh-hant"))
    for words in ("我的內推成果", "收到的申請", "收到的感謝", "已錄取", "面試中", "近 365 天"):
        assert words in text, words


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_a_fixed_number_of_queries(client, bob, acme, globex):
    acme_channel = make_channel(bob, acme, capacity=50)
    globex_channel = make_channel(bob, globex, capacity=50)
    client.force_login(bob)
    urls = [
        reverse("referrals:impact"),
        reverse("referrals:channel_impact", args=[acme_channel.pk]),
    ]

    def requests(start: int, count: int):
        for i in range(start, start + count):
            seeker = _seeker(i)
            referral = make_request(seeker, acme_channel if i % 2 else globex_channel)
            referral_refer(request=referral, referrer=bob)
            referral_report_outcome(request=referral, seeker=seeker, outcome="offer")
            referral_thank(request=referral, seeker=seeker, message=f"Thank you {i}")

    requests(0, 2)
    small = [_queries(client, url) for url in urls]
    requests(2, 8)
    large = [_queries(client, url) for url in urls]
    assert large == small
