"""'My requests' and the 'Referral inbox' run the same number of queries for 2 or 8 requests."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.services import company_create
from conftest import make_channel, make_member, make_request
from referrals.services import (
    referral_ask_for_info,
    referral_decline,
    referral_refer,
    referral_thank,
    referral_withdraw,
)


@pytest.fixture(autouse=True)
def _room(settings):
    settings.REFERRAL_MAX_OPEN_PER_SEEKER = 100
    settings.REFERRAL_MAX_PER_DAY = 100


def _queries(client, url) -> int:
    client.get(url)  # warm caches (content types, sessions) so only the page itself is measured
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _seeker_requests(seeker, start: int, count: int):
    """``count`` requests by ``seeker`` at as many companies, in every state."""
    for i in range(start, start + count):
        company = company_create(name_en=f"Firm {i}", name_zh=f"公司{i}")
        referrer = make_member(f"referrer{i}@example.com", f"Referrer {i}")
        channel = make_channel(referrer, company)
        referral = make_request(seeker, channel, position_title=f"Role {i}")
        step = i % 4
        if step == 1:
            referral_refer(request=referral, referrer=referrer)
            referral_thank(request=referral, seeker=seeker, message="Thanks!")
        elif step == 2:
            referral_decline(request=referral, referrer=referrer, reason="no_opening")
        elif step == 3:
            referral_ask_for_info(request=referral, referrer=referrer, question="ID?")


def test_my_requests_constant_queries(client, alice):
    client.force_login(alice)
    url = reverse("referrals:my_requests")
    _seeker_requests(alice, 0, 2)
    small = _queries(client, url)
    _seeker_requests(alice, 2, 6)
    large = _queries(client, url)
    assert large == small
    response = client.get(url)
    assert len(response.context["page"]) == 8


def _inbox_requests(channel, start: int, count: int):
    referrer = channel.referrer
    for i in range(start, start + count):
        seeker = make_member(f"seeker{i}@example.com", f"Seeker {i}")
        referral = make_request(seeker, channel, position_title=f"Role {i}")
        step = i % 4
        if step == 1:
            referral_refer(request=referral, referrer=referrer)
        elif step == 2:
            referral_decline(request=referral, referrer=referrer, reason="level_mismatch")
        elif step == 3:
            referral_withdraw(request=referral, seeker=seeker)


def test_inbox_constant_queries(client, bob, acme):
    channel = make_channel(bob, acme, capacity=50)
    client.force_login(bob)
    url = reverse("referrals:inbox")
    _inbox_requests(channel, 0, 2)
    small = _queries(client, url)
    _inbox_requests(channel, 2, 6)
    large = _queries(client, url)
    assert large == small
    response = client.get(url)
    assert len(response.context["pending"]) == 2
    assert len(response.context["history"]) == 6


def test_inbox_pending_first_oldest_first(client, bob, acme):
    channel = make_channel(bob, acme, capacity=50)
    _inbox_requests(channel, 0, 5)  # Role 0 and Role 4 pending, 1-3 closed
    client.force_login(bob)
    response = client.get(reverse("referrals:inbox"))
    assert [r.position_title for r in response.context["pending"]] == ["Role 0", "Role 4"]


def test_detail_pages_constant_queries(client, alice, bob, channel):
    referral = make_request(alice, channel)
    seeker_url = reverse("referrals:my_request", args=[referral.pk])
    inbox_url = reverse("referrals:inbox_request", args=[referral.pk])
    client.force_login(bob)
    small_inbox = _queries(client, inbox_url)
    client.force_login(alice)
    small_seeker = _queries(client, seeker_url)
    for n in range(3):
        referral_ask_for_info(request=referral, referrer=bob, question=f"Question {n}")
        from referrals.services import referral_answer_info

        referral_answer_info(request=referral, seeker=alice, answer=f"Answer {n}")
    assert _queries(client, seeker_url) == small_seeker
    client.force_login(bob)
    # The first GET after the answers marks the request viewed again; _queries warms that up.
    assert _queries(client, inbox_url) == small_inbox


def _count_queries(client, url) -> list[str]:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def test_inbox_and_my_requests_count_nothing(client, alice, bob, acme, sessions_from_the_database):
    """Both lists page with Previous/Next: no query counts a member's whole history."""
    channel = make_channel(bob, acme, capacity=50)
    _inbox_requests(channel, 0, 4)
    client.force_login(bob)
    inbox = _count_queries(client, reverse("referrals:inbox"))
    # The session, the member (with the unread count), the waiting requests, one history page.
    assert len(inbox) == 4
    assert not any("COUNT(*)" in sql for sql in inbox[2:])
    client.force_login(alice)
    _seeker_requests(alice, 10, 2)
    mine = _count_queries(client, reverse("referrals:my_requests"))
    assert len(mine) == 3
    assert not any("COUNT(*)" in sql for sql in mine[2:])


def test_inbox_history_pages_newest_decision_first(client, bob, acme):
    channel = make_channel(bob, acme, capacity=50)
    for i in range(22):
        seeker = make_member(f"asker{i}@example.com", f"Asker {i}")
        referral = make_request(seeker, channel, position_title=f"Closed {i:02d}")
        referral_decline(request=referral, referrer=bob, reason="no_opening")
    client.force_login(bob)
    first = client.get(reverse("referrals:inbox"))
    titles = [r.position_title for r in first.context["history"]]
    assert titles == [f"Closed {i:02d}" for i in range(21, 1, -1)]
    assert 'rel="next"' in first.content.decode() and 'rel="prev"' not in first.content.decode()
    second = client.get(reverse("referrals:inbox"), {"page": 2})
    assert [r.position_title for r in second.context["history"]] == ["Closed 01", "Closed 00"]
    body = second.content.decode()
    assert 'rel="prev"' in body and 'rel="next"' not in body
    assert "Asker 0" in body and "Acme" in body


def test_my_requests_pages_with_previous_and_next(client, alice):
    _seeker_requests(alice, 0, 21)
    client.force_login(alice)
    first = client.get(reverse("referrals:my_requests"))
    assert len(first.context["page"]) == 20
    assert 'rel="next"' in first.content.decode()
    second = client.get(reverse("referrals:my_requests"), {"page": 2})
    assert len(second.context["page"]) == 1
    assert 'rel="prev"' in second.content.decode()
