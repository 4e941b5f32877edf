"""The event's .ics download, in the requester's language and time zone."""

import icalendar
from django.urls import reverse

from events.models import Event
from events.services import event_save
from events.tests.helpers import STARTS, make_event


def _download(client, event):
    response = client.get(reverse("events:ics", args=[event.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    (ev,) = icalendar.Calendar.from_ical(response.content).events
    return ev


def test_anonymous_visitors_get_the_default_time_zone(client, db):
    ev = _download(client, make_event())
    assert ev["DTSTART"].params["TZID"] == "Asia/Taipei"
    assert ev.decoded("DTSTART") == STARTS
    assert ev.decoded("DTSTART").hour == 19


def test_members_get_their_time_zone(client, alice):
    alice.time_zone = "UTC"
    alice.save(update_fields=["time_zone"])
    client.force_login(alice)
    ev = _download(client, make_event())
    assert ev.decoded("DTSTART") == STARTS
    assert ev.decoded("DTSTART").utcoffset().total_seconds() == 0


def test_changing_the_time_bumps_the_sequence(db):
    event = make_event()
    assert event.sequence == 0
    event.starts_at = STARTS.replace(hour=12)
    event.ends_at = STARTS.replace(hour=14)
    event_save(event=event, changed_fields=["starts_at", "ends_at"])
    event_save(event=event, changed_fields=["capacity"])
    assert Event.objects.get(pk=event.pk).sequence == 1
