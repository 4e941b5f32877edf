"""Interactions, follow-ups, cadences and the gone-quiet view (with time travel)."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import page_text
from contacts.models import FollowUp
from contacts.selectors import gone_quiet
from contacts.services import (
    ContactError,
    contact_create,
    follow_up_create,
    interaction_log,
)

TAIPEI = zoneinfo.ZoneInfo("Asia/Taipei")
START = datetime.datetime(2024, 3, 1, 10, 0, tzinfo=TAIPEI)


def test_log_an_interaction_through_the_form_resets_the_cadence(client, alice):
    with time_machine.travel(START, tick=False):
        contact = contact_create(owner=alice, name="Mei Lin", cadence_days=30)
        assert contact.next_due_at == START + datetime.timedelta(days=30)
    with time_machine.travel(START + datetime.timedelta(days=40), tick=False):
        assert list(gone_quiet(alice)) == [contact]
        client.force_login(alice)
        response = client.post(
            reverse("contacts:log", args=[contact.pk]),
            {
                "kind": "coffee",
                "occurred_at": "2024-04-10T09:30",
                "topics": "Visa timeline, hiring",
                "notes": "Met at 咖啡廳",
            },
        )
        assert response.status_code == 302
        contact.refresh_from_db()
        assert contact.last_interaction_at == datetime.datetime(2024, 4, 10, 9, 30, tzinfo=TAIPEI)
        assert contact.next_due_at == contact.last_interaction_at + datetime.timedelta(days=30)
        assert list(gone_quiet(alice)) == []
        page = page_text(client.get(contact.get_absolute_url()))
        assert "Visa timeline, hiring" in page and "Met at 咖啡廳" in page
    with time_machine.travel(datetime.datetime(2024, 5, 11, tzinfo=TAIPEI), tick=False):
        assert list(gone_quiet(alice)) == [contact]


def test_an_older_interaction_does_not_move_the_last_contact_date(alice):
    with time_machine.travel(START, tick=False):
        contact = contact_create(owner=alice, name="Mei", cadence_days=7)
        interaction_log(owner=alice, contact=contact, kind="call", occurred_at=START)
        interaction_log(
            owner=alice,
            contact=contact,
            kind="message",
            occurred_at=START - datetime.timedelta(days=3),
        )
        contact.refresh_from_db()
        assert contact.last_interaction_at == START
        assert contact.last_interaction.kind == "call"


def test_interaction_rules(alice):
    contact = contact_create(owner=alice, name="Mei")
    with pytest.raises(ContactError):
        interaction_log(owner=alice, contact=contact, kind="dance", occurred_at=START)
    with time_machine.travel(START, tick=False):
        with pytest.raises(ContactError):
            interaction_log(
                owner=alice,
                contact=contact,
                kind="call",
                occurred_at=START + datetime.timedelta(days=2),
            )


def test_follow_up_is_due_on_its_day_in_the_owners_time_zone(client, alice):
    with time_machine.travel(START, tick=False):
        contact = contact_create(owner=alice, name="Mei Lin")
        client.force_login(alice)
        response = client.post(
            reverse("contacts:follow_up", args=[contact.pk]),
            {"topic": "Ask how the interview went", "due_on": "2024-03-05"},
        )
        assert response.status_code == 302
        assert list(gone_quiet(alice)) == []
    # 23:59 on the 4th in Taipei: not yet. 00:00 on the 5th in Taipei: due.
    with time_machine.travel(datetime.datetime(2024, 3, 4, 23, 59, tzinfo=TAIPEI), tick=False):
        assert list(gone_quiet(alice)) == []
    with time_machine.travel(datetime.datetime(2024, 3, 5, 0, 0, tzinfo=TAIPEI), tick=False):
        assert list(gone_quiet(alice)) == [contact]
        page = page_text(client.get(reverse("contacts:gone_quiet")))
        assert "Ask how the interview went" in page
        follow_up = FollowUp.objects.get()
        response = client.post(
            reverse("contacts:follow_up_done", args=[follow_up.pk]), {"next": "gone_quiet"}
        )
        assert response["Location"] == reverse("contacts:gone_quiet")
        assert list(gone_quiet(alice)) == []
        assert "You are up to date with everyone." in page_text(
            client.get(reverse("contacts:gone_quiet"))
        )


def test_follow_up_needs_a_topic(client, alice):
    contact = contact_create(owner=alice, name="Mei")
    with pytest.raises(ContactError):
        follow_up_create(owner=alice, contact=contact, topic=" ", due_on=START.date())
    client.force_login(alice)
    response = client.post(reverse("contacts:follow_up", args=[contact.pk]), {"due_on": ""})
    assert response.status_code == 200
    assert not FollowUp.objects.exists()


def test_follow_ups_are_private(client, alice, charlie):
    contact = contact_create(owner=alice, name="Mei")
    follow_up = follow_up_create(owner=alice, contact=contact, topic="x", due_on=START.date())
    client.force_login(charlie)
    assert client.post(reverse("contacts:follow_up_done", args=[follow_up.pk])).status_code == 404
    follow_up.refresh_from_db()
    assert follow_up.done_at is None


def test_gone_quiet_most_overdue_first(alice):
    with time_machine.travel(START, tick=False):
        late = contact_create(owner=alice, name="Late", cadence_days=5)
        later = contact_create(owner=alice, name="Followup")
        follow_up_create(owner=alice, contact=later, topic="x", due_on=datetime.date(2024, 3, 3))
        contact_create(owner=alice, name="Fine", cadence_days=100)
    with time_machine.travel(START + datetime.timedelta(days=10), tick=False):
        assert [c.name for c in gone_quiet(alice)] == ["Followup", "Late"]
        assert late in gone_quiet(alice)


def _gone_quiet_queries(client, member, count):
    with time_machine.travel(START, tick=False):
        for i in range(count):
            contact = contact_create(owner=member, name=f"P{i}", company="Acme", cadence_days=3)
            interaction_log(
                owner=member, contact=contact, kind="call", occurred_at=START, topics="t"
            )
            follow_up_create(owner=member, contact=contact, topic="t", due_on=START.date())
    with time_machine.travel(START + datetime.timedelta(days=10), tick=False):
        client.force_login(member)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("contacts:gone_quiet"))
        assert response.status_code == 200
        assert page_text(response).count("Log a conversation") >= min(count, 25)
    return len(ctx.captured_queries)


def test_gone_quiet_runs_a_constant_number_of_queries(client, alice, bob):
    assert _gone_quiet_queries(client, alice, 2) == _gone_quiet_queries(client, bob, 20)


def test_follow_up_on_a_stale_copy_keeps_the_cadence_from_the_database(alice, bob):
    """A follow-up added with an older copy of the contact must not undo a newer interaction."""
    import datetime as _dt

    from django.utils import timezone as _tz

    from contacts.models import Contact as _Contact
    from contacts.services import contact_create, follow_up_create, interaction_log

    contact = contact_create(owner=alice, name="Wang", cadence_days=30)
    stale = _Contact.objects.get(pk=contact.pk)
    when = _tz.now()
    interaction_log(owner=alice, contact=contact, kind="call", occurred_at=when)
    follow_up_create(
        owner=alice,
        contact=stale,
        topic="Send notes",
        due_on=(when + _dt.timedelta(days=60)).date(),
    )
    contact.refresh_from_db()
    assert contact.next_due_at == when + _dt.timedelta(days=30)


def test_gone_quiet_pages_with_previous_and_next_and_counts_nothing(client, alice):
    with time_machine.travel(START, tick=False):
        for i in range(27):
            contact_create(owner=alice, name=f"Quiet {i:02d}", cadence_days=7 + i)
    with time_machine.travel(START + datetime.timedelta(days=60), tick=False):
        client.force_login(alice)
        client.get(reverse("contacts:gone_quiet"))
        with CaptureQueriesContext(connection) as ctx:
            first = client.get(reverse("contacts:gone_quiet"))
        # After the session and the member (with their unread count), nothing is counted.
        assert not any("COUNT(" in q["sql"].upper() for q in ctx.captured_queries[2:])
        # Longest overdue first: the shortest cadence went quiet earliest.
        names = [c.name for c in first.context["page"]]
        assert names == [f"Quiet {i:02d}" for i in range(25)]
        assert 'rel="next"' in first.content.decode()
        second = client.get(reverse("contacts:gone_quiet"), {"page": 2})
        assert [c.name for c in second.context["page"]] == ["Quiet 25", "Quiet 26"]
        assert 'rel="prev"' in second.content.decode()
        assert "Quiet since" in page_text(second)
