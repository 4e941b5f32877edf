"""The invitee sees the offered times in their own time zone, picks one and names the place."""

import pytest
import time_machine
from django.urls import reverse

from coffee.models import Mode, Status
from coffee.services import CoffeeError
from coffee.tests.helpers import LINK, PLACE, SLOT_A, SLOT_B, confirm, propose, set_prefs
from conftest import page_text
from notifications.models import Kind, Notification


@pytest.fixture
def chat(alice, bob):
    set_prefs(bob, time_zone="America/Los_Angeles", language="en")
    return propose(alice, bob)


def test_the_invitee_sees_the_times_in_their_time_zone(client, bob, chat):
    client.force_login(bob)
    response = client.get(reverse("coffee:detail", args=[chat.pk]))
    text = page_text(response)
    assert "Tue 30 Apr 2030, 7:00 PM" in text  # SLOT_A in Los Angeles
    assert "Los Angeles time (UTC-" in text  # the zone by its city, never "PDT"
    assert 'name="place"' in response.content.decode()
    assert "Choose a time" in text


def test_the_proposer_sees_the_same_times_in_theirs(client, alice, chat):
    client.force_login(alice)
    response = client.get(reverse("coffee:detail", args=[chat.pk]))
    text = page_text(response)
    assert "Wed 1 May 2030, 10:00 AM" in text  # SLOT_A in Taipei
    assert "Waiting for Bob Chen to choose one of the times you offered." in text
    assert response.context["respond_form"] is None


def test_the_invitee_confirms_a_time_and_a_place(client, alice, bob, chat):
    client.force_login(bob)
    slot = chat.slots.get(starts_at=SLOT_B)
    response = client.post(
        reverse("coffee:respond", args=[chat.pk]), {"slot": slot.pk, "place": PLACE}
    )
    assert response.status_code == 302
    chat.refresh_from_db()
    assert chat.status == Status.CONFIRMED
    assert chat.starts_at == SLOT_B
    assert chat.place == PLACE
    assert chat.sequence == 1
    notes = Notification.objects.filter(kind=Kind.COFFEE_CONFIRMED)
    assert {(n.recipient, n.actor) for n in notes} == {(alice, bob), (bob, alice)}
    assert all(n.attachment and n.object_id == chat.pk for n in notes)
    page = page_text(client.get(chat.get_absolute_url()))
    assert PLACE in page
    assert "Thu 2 May 2030, 2:30 AM" in page  # SLOT_B in Los Angeles


def test_the_place_is_required_in_person(client, bob, chat):
    client.force_login(bob)
    slot = chat.slots.first()
    response = client.post(reverse("coffee:respond", args=[chat.pk]), {"slot": slot.pk})
    assert response.status_code == 200
    assert "This field is required." in page_text(response)
    chat.refresh_from_db()
    assert chat.status == Status.PROPOSED


def test_the_link_is_required_online(client, alice, bob):
    chat = propose(alice, bob, mode=Mode.ONLINE)
    client.force_login(bob)
    slot = chat.slots.first()
    url = reverse("coffee:respond", args=[chat.pk])
    response = client.post(url, {"slot": slot.pk, "place": PLACE})
    assert response.status_code == 200
    assert 'name="meeting_link"' in response.content.decode()
    client.post(url, {"slot": slot.pk, "meeting_link": LINK})
    chat.refresh_from_db()
    assert (chat.status, chat.meeting_link, chat.location) == (Status.CONFIRMED, LINK, LINK)


def test_the_proposer_does_not_pick_from_their_own_times(client, alice, chat):
    client.force_login(alice)
    slot = chat.slots.first()
    response = client.post(
        reverse("coffee:respond", args=[chat.pk]), {"slot": slot.pk, "place": PLACE}
    )
    assert response.status_code == 302
    chat.refresh_from_db()
    assert chat.status == Status.PROPOSED
    with pytest.raises(CoffeeError):
        confirm(chat, member=alice)


def test_a_time_that_has_passed_cannot_be_chosen(bob, chat):
    with time_machine.travel("2030-05-01T12:00:00Z"):
        with pytest.raises(CoffeeError, match="already passed"):
            confirm(chat, starts_at=SLOT_A)
        confirm(chat, starts_at=SLOT_B)
    chat.refresh_from_db()
    assert chat.starts_at == SLOT_B


def test_a_slot_of_another_chat_is_refused(alice, bob, charlie, chat):
    other = propose(alice, charlie)
    from coffee.services import coffee_confirm

    with pytest.raises(CoffeeError, match="one of the offered times"):
        coffee_confirm(chat=chat, member=bob, slot_id=other.slots.first().pk, place=PLACE)
