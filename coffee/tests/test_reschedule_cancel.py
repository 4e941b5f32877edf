"""Rescheduling and cancelling update the invitation: same UID, higher SEQUENCE, METHOD:CANCEL."""

import icalendar
import pytest
from django.core import mail
from django.urls import reverse

from coffee.models import Status
from coffee.services import CoffeeError, coffee_cancel, coffee_reschedule
from coffee.tests.helpers import (
    PLACE,
    SLOT_A,
    SLOT_B,
    SLOT_C,
    confirm,
    confirmed_chat,
    invitations,
    propose,
    set_prefs,
    vevent,
)
from conftest import page_text, run_tasks
from notifications.models import Kind, Notification


def test_reschedule_then_confirm_again_with_a_higher_sequence(client, alice, bob):
    set_prefs(bob, time_zone="America/Los_Angeles", language="en")
    chat = confirmed_chat(alice, bob)
    run_tasks()
    first = vevent(invitations()["bob@example.com"][1])
    mail.outbox.clear()

    client.force_login(alice)
    response = client.post(
        reverse("coffee:reschedule", args=[chat.pk]),
        {"slot_1": "2030-05-08T09:00", "slot_2": "2030-05-09T09:00"},  # Taipei
    )
    assert response.status_code == 302
    chat.refresh_from_db()
    assert chat.status == Status.PROPOSED
    assert chat.sequence == 2
    assert chat.slots_by == alice
    assert chat.starts_at == SLOT_A  # still the time the calendars hold
    assert [s.starts_at for s in chat.slots.all()][0] == SLOT_C
    assert Notification.objects.get(kind=Kind.COFFEE_RESCHEDULED).recipient == bob

    confirm(chat, starts_at=SLOT_C, place="")  # bob keeps the place he named
    run_tasks()
    sent = invitations()
    assert set(sent) == {"alice@example.com", "bob@example.com"}
    event = vevent(sent["bob@example.com"][1])
    assert str(event["UID"]) == str(first["UID"])
    assert event["SEQUENCE"] == 3 > first["SEQUENCE"]
    assert event.decoded("DTSTART") == SLOT_C
    assert str(event["LOCATION"]) == PLACE


def test_the_invitee_reschedules_and_the_proposer_chooses(client, alice, bob):
    chat = confirmed_chat(alice, bob)
    coffee_reschedule(chat=chat, member=bob, slots=[SLOT_B, SLOT_C], place="Tea house by the river")
    chat.refresh_from_db()
    assert chat.chooser_id == alice.pk
    client.force_login(alice)
    page = client.get(chat.get_absolute_url())
    assert page.context["respond_form"] is not None
    assert "place" not in page.context["respond_form"].fields  # the place is bob's choice
    assert "suggested new times" in page_text(page)
    slot = chat.slots.get(starts_at=SLOT_B)
    client.post(reverse("coffee:respond", args=[chat.pk]), {"slot": slot.pk})
    chat.refresh_from_db()
    assert (chat.status, chat.starts_at, chat.place) == (
        Status.CONFIRMED,
        SLOT_B,
        "Tea house by the river",
    )


def test_the_reschedule_form(client, alice, bob):
    chat = confirmed_chat(alice, bob)
    client.force_login(bob)
    response = client.get(reverse("coffee:reschedule", args=[chat.pk]))
    assert response.status_code == 200
    assert 'name="place"' in response.content.decode()  # bob may change the place
    client.force_login(alice)
    response = client.get(reverse("coffee:reschedule", args=[chat.pk]))
    assert 'name="place"' not in response.content.decode()
    response = client.post(reverse("coffee:reschedule", args=[chat.pk]), {"slot_1": "x"})
    assert response.status_code == 200


def test_cancel_sends_method_cancel_to_both(client, alice, bob):
    set_prefs(bob, time_zone="America/Los_Angeles", language="zh-hant")
    chat = confirmed_chat(alice, bob)
    run_tasks()
    uid = chat.uid
    mail.outbox.clear()

    client.force_login(bob)
    response = client.post(reverse("coffee:cancel", args=[chat.pk]))
    assert response.status_code == 302
    chat.refresh_from_db()
    assert (chat.status, chat.cancelled_by, chat.sequence) == (Status.CANCELLED, bob, 2)
    run_tasks()
    sent = invitations()
    assert set(sent) == {"alice@example.com", "bob@example.com"}
    for _message, cal in sent.values():
        assert cal["METHOD"] == "CANCEL"
        event = vevent(cal)
        assert str(event["UID"]) == uid
        assert event["STATUS"] == "CANCELLED"
        assert event["SEQUENCE"] == 2
        assert event.decoded("DTSTART") == SLOT_A

    download = client.get(reverse("coffee:ics", args=[chat.pk]))
    cal = icalendar.Calendar.from_ical(download.content)
    assert cal["METHOD"] == "CANCEL"
    assert vevent(cal)["STATUS"] == "CANCELLED"


def test_cancel_before_a_time_was_chosen_needs_no_calendar(alice, bob):
    chat = propose(alice, bob)
    run_tasks()
    mail.outbox.clear()
    coffee_cancel(chat=chat, member=alice)
    run_tasks()
    (message,) = mail.outbox
    assert message.to == ["bob@example.com"]
    assert message.attachments == []


def test_a_cancelled_chat_cannot_change(client, alice, bob):
    chat = propose(alice, bob)
    coffee_cancel(chat=chat, member=alice)
    with pytest.raises(CoffeeError):
        coffee_reschedule(chat=chat, member=alice, slots=[SLOT_B, SLOT_C])
    with pytest.raises(CoffeeError):
        coffee_cancel(chat=chat, member=bob)
    with pytest.raises(CoffeeError):
        confirm(chat)
    client.force_login(alice)
    response = client.get(reverse("coffee:reschedule", args=[chat.pk]))
    assert response.status_code == 302
