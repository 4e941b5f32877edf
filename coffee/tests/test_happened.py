"""After the time, either side marks "we met": both get the other in their contacts."""

from unittest import mock

import pytest
import time_machine
from django.urls import reverse

from coffee.models import Status
from coffee.services import CoffeeError, coffee_mark_happened
from coffee.tests.helpers import GOAL, SLOT_A, confirmed_chat, propose
from conftest import page_text


def test_not_before_the_time(client, alice, bob):
    chat = confirmed_chat(alice, bob)
    client.force_login(alice)
    assert "We met" not in page_text(client.get(chat.get_absolute_url()))
    with mock.patch("contacts.services.relationship_record") as record:
        response = client.post(reverse("coffee:happened", args=[chat.pk]))
    assert response.status_code == 302
    chat.refresh_from_db()
    assert chat.status == Status.CONFIRMED
    record.assert_not_called()


def test_marking_it_records_the_relationship_for_both(client, alice, bob):
    chat = confirmed_chat(alice, bob)
    with time_machine.travel("2030-05-01T04:00:00Z"):
        client.force_login(bob)
        assert "We met" in page_text(client.get(chat.get_absolute_url()))
        with mock.patch("contacts.services.relationship_record") as record:
            response = client.post(reverse("coffee:happened", args=[chat.pk]))
    assert response.status_code == 302
    chat.refresh_from_db()
    assert chat.status == Status.HAPPENED
    calls = [c.kwargs for c in record.call_args_list]
    assert {(c["owner"], c["other"]) for c in calls} == {(alice, bob), (bob, alice)}
    for c in calls:
        assert (c["kind"], c["occurred_at"], c["summary"]) == ("coffee", SLOT_A, GOAL)


def test_only_a_confirmed_chat(alice, bob):
    chat = propose(alice, bob)
    with time_machine.travel("2031-01-01T00:00:00Z"):
        with pytest.raises(CoffeeError, match="confirmed"):
            coffee_mark_happened(chat=chat, member=alice)


def test_twice_is_harmless(alice, bob):
    chat = confirmed_chat(alice, bob)
    with time_machine.travel("2030-05-02T00:00:00Z"):
        with mock.patch("contacts.services.relationship_record") as record:
            coffee_mark_happened(chat=chat, member=alice)
            coffee_mark_happened(chat=chat, member=bob)
    assert record.call_count == 2


def test_we_met_with_topics_lands_in_both_contact_histories(client, alice, bob):
    """Not mocked: the chat and its topics reach the real contacts."""
    from contacts.models import Interaction

    chat = confirmed_chat(alice, bob)
    with time_machine.travel("2030-05-01T04:00:00Z"):
        client.force_login(alice)
        client.post(reverse("coffee:happened", args=[chat.pk]), {"topics": "visa timeline"})
    interactions = Interaction.objects.filter(kind="coffee").select_related("contact")
    assert {(i.contact.owner, i.contact.member) for i in interactions} == {
        (alice, bob),
        (bob, alice),
    }
    assert {i.topics for i in interactions} == {"visa timeline"}
