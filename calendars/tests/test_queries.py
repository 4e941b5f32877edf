"""A feed costs the same number of queries with one item of each kind or twenty."""

from datetime import date, timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from calendars.tests.helpers import by_uid, feed_path
from coffee.tests.helpers import SLOT_A, confirm, propose
from companies.services import company_create
from conftest import make_channel, make_request
from contacts.services import contact_create, follow_up_create
from events.models import RsvpStatus
from events.services import event_rsvp
from events.tests.helpers import make_event
from referrals.services import referral_ask_for_info
from tests.rfc5545 import assert_valid_icalendar


def _add_items(n: int, start: int, *, alice, bob) -> None:
    """n more of each kind in alice's feed (and of the referrer's kind in bob's)."""
    for i in range(start, start + n):
        first = SLOT_A + timedelta(days=i)
        confirm(propose(alice, bob, slots=(first, first + timedelta(hours=1))), starts_at=first)
        event = make_event(title=f"Meetup {i}", starts_at=SLOT_A + timedelta(days=i))
        event_rsvp(event=event, member=alice, status=RsvpStatus.GOING)
        contact = contact_create(owner=alice, name=f"Contact {i}")
        follow_up_create(owner=alice, contact=contact, topic="News", due_on=date(2030, 1, 1 + i))
        company = company_create(name_en=f"Company {i}", website=f"https://c{i}.example")
        referral = make_request(alice, make_channel(bob, company))
        if i % 2:
            referral_ask_for_info(request=referral, referrer=bob, question="Which team?")


def _queries(client, path) -> tuple[list[str], bytes]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries], response.content


def _reads(queries: list[str]) -> list[str]:
    """The queries that read the feed, without the rate limit's counter in the cache (a table
    without Redis, nothing with it)."""
    return [q for q in queries if "guanxi_cache" not in q and "SAVEPOINT" not in q]


def test_the_number_of_queries_does_not_grow_with_the_feed(alice, bob, settings):
    settings.REFERRAL_MAX_OPEN_PER_SEEKER = settings.REFERRAL_MAX_PER_DAY = 100
    client = Client()
    alice_path, bob_path = feed_path(alice), feed_path(bob)
    _add_items(1, 0, alice=alice, bob=bob)
    client.get(alice_path), client.get(bob_path)  # the first read notes when it was read
    one, one_feed = _queries(client, alice_path)
    bob_one, _bob_feed = _queries(client, bob_path)

    _add_items(19, 1, alice=alice, bob=bob)
    twenty, twenty_feed = _queries(client, alice_path)
    bob_twenty, bob_feed = _queries(client, bob_path)

    assert len(by_uid(assert_valid_icalendar(one_feed))) == 4
    # 20 chats, 20 events, 20 follow-ups, 20 requests.
    assert len(by_uid(assert_valid_icalendar(twenty_feed))) == 80
    # bob: the 20 chats, and the 10 requests that wait for his answer.
    assert len(by_uid(assert_valid_icalendar(bob_feed))) == 30
    assert len(twenty) == len(one)
    assert len(bob_twenty) == len(bob_one)
    assert len(_reads(one)) == 6, _reads(one)  # the feed and its member, one query per kind
