"""Proposing a coffee chat: a goal, in person or online, two or more future times."""

from datetime import UTC, datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from coffee import views
from coffee.models import CoffeeChat, Mode, Status
from coffee.services import CoffeeError
from coffee.tests.helpers import GOAL, propose, set_prefs
from conftest import page_text, run_tasks
from guanxi.ratelimit import Limit
from moderation.services import block_create
from notifications.models import Kind, Notification


@pytest.fixture(autouse=True)
def _clear_rate_limits(db):
    cache.clear()


def _post(client, invitee, **overrides):
    data = {
        "goal": GOAL,
        "mode": Mode.IN_PERSON,
        "duration": "30",
        "slot_1": "2030-05-01T10:00",
        "slot_2": "2030-05-02T17:30",
        "slot_3": "",
    }
    data.update(overrides)
    return client.post(reverse("coffee:propose", args=[invitee.pk]), data)


def test_the_form_names_the_invitee(client, alice, bob):
    client.force_login(alice)
    response = client.get(reverse("coffee:propose", args=[bob.pk]))
    assert response.status_code == 200
    assert "Invite Bob Chen for coffee" in page_text(response)
    assert 'type="datetime-local"' in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login(client, bob):
    response = client.get(reverse("coffee:propose", args=[bob.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_nobody_invites_themselves(client, alice):
    client.force_login(alice)
    assert client.get(reverse("coffee:propose", args=[alice.pk])).status_code == 404


def test_times_are_entered_in_the_proposers_time_zone(client, alice, bob):
    set_prefs(bob, time_zone="America/Los_Angeles", language="zh-hant")
    client.force_login(alice)  # Asia/Taipei
    response = _post(client, bob)
    chat = CoffeeChat.objects.get()
    assert response.status_code == 302
    assert response["Location"] == chat.get_absolute_url()
    assert chat.status == Status.PROPOSED
    assert (chat.proposer, chat.invitee, chat.slots_by) == (alice, bob, alice)
    assert [s.starts_at for s in chat.slots.all()] == [
        datetime(2030, 5, 1, 2, 0, tzinfo=UTC),
        datetime(2030, 5, 2, 9, 30, tzinfo=UTC),
    ]
    assert chat.uid and chat.sequence == 0


def test_the_invitee_is_notified_in_their_language(client, alice, bob):
    set_prefs(bob, time_zone="America/Los_Angeles", language="zh-hant")
    client.force_login(alice)
    _post(client, bob)
    notification = Notification.objects.get(recipient=bob)
    assert notification.kind == Kind.COFFEE_PROPOSED
    assert notification.actor == alice
    run_tasks()
    (message,) = mail.outbox
    assert message.to == ["bob@example.com"]
    assert message.attachments == []  # no time chosen yet: no calendar entry
    with translation.override("zh-hant"):
        expected = gettext("%(name)s invited you for a coffee chat: %(subject)s") % {
            "name": "Alice Lin",
            "subject": GOAL,
        }
    assert expected in message.subject


@pytest.mark.parametrize(
    "overrides, error",
    [
        ({"slot_2": ""}, "This field is required."),
        ({"slot_2": "2030-05-01T10:00"}, "Please offer at least two different times."),
        ({"slot_1": "2020-01-01T10:00"}, "Every time you offer must be in the future."),
        ({"goal": ""}, "This field is required."),
    ],
)
def test_incomplete_proposals_are_refused(client, alice, bob, overrides, error):
    client.force_login(alice)
    response = _post(client, bob, **overrides)
    assert response.status_code == 200
    assert error in page_text(response)
    assert not CoffeeChat.objects.exists()


def test_a_member_who_blocked_the_proposer_cannot_be_invited(client, alice, bob):
    block_create(blocker=bob, blocked=alice)
    client.force_login(alice)
    response = _post(client, bob)
    assert response.status_code == 200
    assert "You cannot invite this member for coffee." in page_text(response)
    assert not CoffeeChat.objects.exists()
    assert not Notification.objects.exists()


def test_one_waiting_proposal_per_pair(alice, bob):
    propose(alice, bob)
    with pytest.raises(CoffeeError, match="already have a proposal waiting"):
        propose(alice, bob)
    assert CoffeeChat.objects.count() == 1


def test_proposals_are_rate_limited(client, alice, bob, charlie, monkeypatch):
    monkeypatch.setattr(views, "PROPOSALS_PER_HOUR", Limit("coffee_propose_test", 1, 3600))
    client.force_login(alice)
    assert _post(client, bob).status_code == 302
    response = _post(client, charlie)
    assert response.status_code == 200
    assert "Too many attempts in a short time." in page_text(response)
    assert CoffeeChat.objects.count() == 1


def test_online_proposals(alice, bob):
    chat = propose(alice, bob, mode=Mode.ONLINE)
    assert chat.mode == Mode.ONLINE
    assert chat.slots.count() == 2
