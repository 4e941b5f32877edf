"""RSVP: members only, capacity enforced, an e-mail with the .ics for "going"."""

from datetime import timedelta

import icalendar
import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from conftest import page_text, run_tasks
from events.models import Rsvp, RsvpStatus
from events.services import EventError, event_rsvp
from events.tests.helpers import STARTS, make_event
from notifications.models import Kind, Notification


def _rsvp(client, event, status):
    return client.post(reverse("events:rsvp", args=[event.pk]), {"status": status})


def test_rsvp_needs_a_login(client, db):
    event = make_event()
    response = _rsvp(client, event, "going")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Rsvp.objects.exists()


def test_going_sends_the_invitation_in_the_members_language_and_time_zone(client, alice):
    alice.language, alice.time_zone = "zh-hant", "America/New_York"
    alice.save(update_fields=["language", "time_zone"])
    event = make_event()
    client.force_login(alice)
    response = _rsvp(client, event, "going")
    assert response.status_code == 302
    assert Rsvp.objects.get().status == RsvpStatus.GOING
    notification = Notification.objects.get()
    assert (notification.kind, notification.object_id) == (Kind.EVENT_RSVP, event.pk)
    run_tasks()
    (message,) = mail.outbox
    assert message.to == ["alice@example.com"]
    with translation.override("zh-hant"):
        assert (
            gettext("You are registered for %(subject)s.") % {"subject": event.title}
            in message.subject
        )
        intro = gettext("A Guanxi community event: %(kind)s.") % {"kind": event.get_kind_display()}
    ((filename, content, mimetype),) = message.attachments
    assert filename.endswith(".ics") and mimetype == "text/calendar"
    cal = icalendar.Calendar.from_ical(content)
    (ev,) = cal.events
    assert cal["METHOD"] == "PUBLISH"
    assert ev["DTSTART"].params["TZID"] == "America/New_York"
    assert ev.decoded("DTSTART") == STARTS
    assert ev.decoded("DTSTART").hour == 7  # 11:00 UTC in New York (EDT)
    assert ev.decoded("DTEND") == STARTS + timedelta(hours=2)
    assert str(ev["SUMMARY"]) == event.title
    assert str(ev["LOCATION"]) == event.place
    assert str(ev["UID"]) == event.uid
    assert intro in str(ev["DESCRIPTION"])


def test_going_twice_sends_one_e_mail(alice):
    event = make_event()
    event_rsvp(event=event, member=alice, status=RsvpStatus.GOING)
    event_rsvp(event=event, member=alice, status=RsvpStatus.GOING)
    assert Rsvp.objects.count() == 1
    assert Notification.objects.count() == 1


def test_capacity_is_enforced_with_a_clear_message(client, alice, bob, charlie):
    event = make_event(capacity=2)
    event_rsvp(event=event, member=alice, status=RsvpStatus.GOING)
    event_rsvp(event=event, member=bob, status=RsvpStatus.GOING)
    client.force_login(charlie)
    response = _rsvp(client, event, "going")
    assert response.status_code == 302
    page = page_text(client.get(event.get_absolute_url()))
    assert "Sorry, this event is full: every place has been taken." in page
    assert not Rsvp.objects.filter(member=charlie).exists()
    assert 'value="going"' not in client.get(event.get_absolute_url()).content.decode()

    # Someone cancels: a place opens.
    event_rsvp(event=event, member=bob, status=RsvpStatus.NOT_GOING)
    _rsvp(client, event, "going")
    assert Rsvp.objects.get(member=charlie).status == RsvpStatus.GOING
    with pytest.raises(EventError, match="full"):
        event_rsvp(event=event, member=bob, status=RsvpStatus.GOING)


def test_not_going(client, alice):
    event = make_event()
    client.force_login(alice)
    _rsvp(client, event, "not_going")
    assert Rsvp.objects.get().status == RsvpStatus.NOT_GOING
    assert not Notification.objects.exists()
    assert "You said you cannot come." in page_text(client.get(event.get_absolute_url()))


def test_no_rsvp_after_the_event_or_for_a_draft(alice):
    with pytest.raises(EventError):
        event_rsvp(event=make_event(is_published=False), member=alice, status="going")
    event = make_event()
    with time_machine.travel(STARTS + timedelta(days=1)):
        with pytest.raises(EventError, match="over"):
            event_rsvp(event=event, member=alice, status="going")


def test_a_bad_answer_is_refused(client, alice):
    event = make_event()
    client.force_login(alice)
    response = _rsvp(client, event, "maybe")
    assert response.status_code == 302
    assert not Rsvp.objects.exists()
