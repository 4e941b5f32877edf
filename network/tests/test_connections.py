"""Connect with a note: the pre-filled note, limits, blocking, accept and ignore."""

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from conftest import page_text, run_tasks
from guanxi.ratelimit import Limit
from moderation.services import block_create
from network import services
from network.models import Connection, ConnectionStatus, Intent
from network.services import (
    NetworkError,
    connection_accept,
    connection_ignore,
    connection_note_initial,
    connection_send,
)
from network.tests.utils import make_profile
from notifications.models import Kind, Notification


@pytest.fixture(autouse=True)
def _english():
    """Messages raised by the services read in English here, whatever a request before
    left active in this thread."""
    with translation.override("en"):
        yield


@pytest.fixture
def listed(alice, bob, charlie, dana):
    make_profile(alice, intents=[Intent.MENTOR, Intent.VISA_ADVICE])
    make_profile(bob, company="Acme")
    make_profile(dana)
    return alice, bob, charlie, dana


def _expected_note(language, name, intent_phrase=None):
    with translation.override(language):
        topic = gettext("[the topic you would like to discuss]")
        if intent_phrase is None:
            return gettext(
                "Hi %(name)s, thanks for connecting. I wondered if I could ask for a moment of "
                "your time to discuss %(topic)s."
            ) % {"name": name, "topic": topic}
        return gettext(
            "Hi %(name)s, thanks for connecting. I am looking for %(intent)s and wondered if I "
            "could ask for a moment of your time to discuss %(topic)s."
        ) % {"name": name, "intent": gettext(intent_phrase), "topic": topic}


def test_connect_page_needs_a_login(client, listed):
    response = client.get(reverse("network:connect", args=[listed[1].pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_note_is_prefilled_in_english(client, listed):
    alice, bob, *_ = listed
    client.force_login(alice)
    response = client.get(reverse("network:connect", args=[bob.pk]))
    assert response.status_code == 200
    expected = _expected_note("en", "Bob Chen", "a mentor")
    assert response.context["form"]["note"].value() == expected
    assert expected.startswith("Hi Bob Chen, thanks for connecting. I am looking for a mentor")
    assert expected in page_text(response)


def test_the_note_is_prefilled_in_the_senders_language(client, listed):
    alice, bob, *_ = listed
    alice.language = "zh-hant"
    alice.save(update_fields=["language"])
    expected = _expected_note("zh-hant", "Bob Chen", "a mentor")
    # Whatever language the page is in, the note follows the sender's own choice.
    with translation.override("en"):
        assert connection_note_initial(sender=alice, recipient=bob) == expected
    client.force_login(alice)
    response = client.get(reverse("network:connect", args=[bob.pk]))
    assert response.context["form"]["note"].value() == expected


def test_without_an_intent_the_note_leaves_it_out(listed):
    _alice, bob, charlie, dana = listed
    assert connection_note_initial(sender=dana, recipient=bob) == _expected_note("en", "Bob Chen")
    assert connection_note_initial(sender=charlie, recipient=bob) == _expected_note(
        "en", "Bob Chen"
    )


def test_sending_a_note_notifies_and_emails_the_recipient(client, listed):
    alice, bob, *_ = listed
    client.force_login(alice)
    response = client.post(
        reverse("network:connect", args=[bob.pk]), {"note": "Hi Bob, could we talk chips?"}
    )
    assert response.status_code == 302
    connection = Connection.objects.get()
    assert (connection.sender, connection.recipient, connection.status) == (alice, bob, "pending")
    note = Notification.objects.get(recipient=bob)
    assert note.kind == Kind.CONNECTION_REQUEST and note.actor == alice
    assert note.url == reverse("network:connections")
    run_tasks()
    assert [m.to for m in mail.outbox] == [["bob@example.com"]]
    assert "Alice Lin would like to connect with you." in mail.outbox[0].body
    assert "could we talk chips?" in mail.outbox[0].body
    page = page_text(client.get(reverse("network:member", args=[bob.pk])))
    assert "Waiting for an answer" in page


def test_the_note_is_required_and_short(client, listed):
    alice, bob, *_ = listed
    client.force_login(alice)
    response = client.post(reverse("network:connect", args=[bob.pk]), {"note": "x" * 601})
    assert response.status_code == 200 and not Connection.objects.exists()
    with pytest.raises(NetworkError, match="short note"):
        connection_send(sender=alice, recipient=bob, note="   ")


@pytest.mark.parametrize("note_language", ["en", "zh-hant"])
@pytest.mark.parametrize("page_language", ["en", "zh-hant"])
def test_the_suggested_note_cannot_be_sent_with_its_placeholder(
    client, listed, note_language, page_language
):
    """Whatever language the note was suggested in and the page is shown in."""
    alice, bob, *_ = listed
    alice.language = page_language
    alice.save(update_fields=["language"])
    client.force_login(alice)
    note = _expected_note(note_language, "Bob Chen", "a mentor")
    response = client.post(
        reverse("network:connect", args=[bob.pk]),
        {"note": note},
        headers={"accept-language": page_language},
    )
    assert response.status_code == 200
    assert not Connection.objects.exists() and not Notification.objects.exists()
    with translation.override(page_language):
        expected = gettext(
            "Your note still has the part in brackets from the suggestion. Please replace it "
            "with what you would like to discuss."
        )
    assert expected in page_text(response)
    assert response.context["form"]["note"].value() == note  # kept, to be finished
    # Filling in the topic is enough.
    with translation.override(note_language):
        placeholder = gettext("[the topic you would like to discuss]")
    finished = note.replace(placeholder, "chip design careers")
    response = client.post(reverse("network:connect", args=[bob.pk]), {"note": finished})
    assert response.status_code == 302
    assert Connection.objects.get().note == finished


def test_one_pending_request_per_pair_either_way(client, listed):
    alice, bob, *_ = listed
    connection_send(sender=alice, recipient=bob, note="Hello")
    with pytest.raises(NetworkError, match="You already asked Bob Chen to connect"):
        connection_send(sender=alice, recipient=bob, note="Hello again")
    with pytest.raises(NetworkError, match="Alice Lin already asked to connect with you"):
        connection_send(sender=bob, recipient=alice, note="Hi")
    client.force_login(alice)
    response = client.get(reverse("network:connect", args=[bob.pk]))
    assert "You already asked Bob Chen to connect" in page_text(response)
    assert 'name="note"' not in response.content.decode()
    client.post(reverse("network:connect", args=[bob.pk]), {"note": "Third time"})
    assert Connection.objects.count() == 1


def test_not_to_yourself_nor_to_unlisted_members(client, listed):
    alice, _bob, charlie, _dana = listed
    with pytest.raises(NetworkError, match="yourself"):
        connection_send(sender=alice, recipient=alice, note="Hi me")
    client.force_login(alice)
    response = client.get(reverse("network:connect", args=[alice.pk]))
    assert "You cannot send a connection request to yourself." in page_text(response)
    assert client.get(reverse("network:connect", args=[charlie.pk])).status_code == 404
    response = client.post(reverse("network:connect", args=[charlie.pk]), {"note": "x"})
    assert response.status_code == 404


def test_blocked_members_cannot_send(client, listed):
    alice, bob, *_ = listed
    block_create(blocker=bob, blocked=alice)
    with pytest.raises(NetworkError, match="cannot send a connection request to this member"):
        connection_send(sender=alice, recipient=bob, note="Hello")
    client.force_login(alice)
    response = client.post(reverse("network:connect", args=[bob.pk]), {"note": "Hello"})
    assert response.status_code == 200
    assert "You cannot send a connection request to this member." in page_text(response)
    assert not Connection.objects.exists()
    assert not Notification.objects.filter(recipient=bob).exists()
    # Bob, who blocked Alice, is told to unblock first.
    with pytest.raises(NetworkError, match="Unblock"):
        connection_send(sender=bob, recipient=alice, note="Hello")


def test_a_daily_cap_per_sender(monkeypatch, listed):
    from conftest import make_member

    alice = listed[0]
    monkeypatch.setattr(services, "CONNECTIONS_PER_DAY", Limit("network-connect", 2, 86400))
    others = [make_member(f"x{i}@example.com", f"X {i}") for i in range(3)]
    connection_send(sender=alice, recipient=others[0], note="Hi")
    connection_send(sender=alice, recipient=others[1], note="Hi")
    with pytest.raises(NetworkError, match="You have sent 2 connection requests today"):
        connection_send(sender=alice, recipient=others[2], note="Hi")
    assert Connection.objects.count() == 2
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        connection_send(sender=alice, recipient=others[2], note="Hi")


def test_accepting_notifies_the_sender_and_records_the_relationship(client, listed):
    alice, bob, *_ = listed
    connection = connection_send(sender=alice, recipient=bob, note="Hello Bob")
    client.force_login(bob)
    page = page_text(client.get(reverse("network:connections")))
    assert "Hello Bob" in page and "Alice Lin" in page
    with mock.patch("network.services.relationship_record") as record:
        response = client.post(reverse("network:connection_accept", args=[connection.pk]))
    assert response.status_code == 302
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.ACCEPTED and connection.responded_at
    owners = {(c.kwargs["owner"], c.kwargs["other"]) for c in record.call_args_list}
    assert owners == {(alice, bob), (bob, alice)}
    assert all(c.kwargs["kind"] == "message" for c in record.call_args_list)
    assert all(c.kwargs["summary"] == "Hello Bob" for c in record.call_args_list)
    accepted = Notification.objects.get(recipient=alice)
    assert accepted.kind == Kind.CONNECTION_ACCEPTED and accepted.actor == bob
    run_tasks()
    assert (
        "Bob Chen accepted your connection request."
        in [m.body for m in mail.outbox if m.to == ["alice@example.com"]][0]
    )
    # Both see the connection; a second request is refused.
    for member, other in [(alice, "Bob Chen"), (bob, "Alice Lin")]:
        client.force_login(member)
        assert other in page_text(client.get(reverse("network:connections")))
    with pytest.raises(NetworkError, match="already connected"):
        connection_send(sender=bob, recipient=alice, note="Hi")


def test_ignoring_is_quiet_and_the_sender_still_sees_waiting(client, listed):
    alice, bob, *_ = listed
    connection = connection_send(sender=alice, recipient=bob, note="Hello Bob")
    client.force_login(bob)
    client.post(reverse("network:connection_ignore", args=[connection.pk]))
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.IGNORED
    assert not Notification.objects.filter(recipient=alice).exists()
    assert "Hello Bob" not in page_text(client.get(reverse("network:connections")))
    client.force_login(alice)
    for url in [reverse("network:connections"), reverse("network:member", args=[bob.pk])]:
        page = page_text(client.get(url))
        assert "Waiting for an answer" in page and "Ignored" not in page
    with pytest.raises(NetworkError, match="already asked"):
        connection_send(sender=alice, recipient=bob, note="Again")


def test_an_unanswered_request_quietly_lapses_and_may_be_sent_again(client, listed):
    alice, bob, *_ = listed
    first = connection_send(sender=alice, recipient=bob, note="Hello")
    later = timezone.now() + timedelta(days=31)
    with time_machine.travel(later):
        client.force_login(bob)
        assert "Hello" not in page_text(client.get(reverse("network:connections")))
        with pytest.raises(NetworkError, match="already been answered"):
            connection_accept(connection=first, recipient=bob)
        client.force_login(alice)
        assert "No answer" in page_text(client.get(reverse("network:connections")))
        second = connection_send(sender=alice, recipient=bob, note="Hello again")
    first.refresh_from_db()
    assert first.status == ConnectionStatus.EXPIRED
    assert second.status == ConnectionStatus.PENDING


def test_only_the_recipient_answers_and_only_once(client, listed):
    alice, bob, charlie, _dana = listed
    connection = connection_send(sender=alice, recipient=bob, note="Hello")
    for member in [alice, charlie]:
        client.force_login(member)
        for name in ["network:connection_accept", "network:connection_ignore"]:
            assert client.post(reverse(name, args=[connection.pk])).status_code == 404
    with pytest.raises(NetworkError):
        connection_accept(connection=connection, recipient=alice)
    connection_ignore(connection=connection, recipient=bob)
    client.force_login(bob)
    assert (
        client.post(reverse("network:connection_accept", args=[connection.pk])).status_code == 404
    )


def test_a_connection_opens_an_unlisted_members_page(client, listed):
    alice, bob, charlie, _dana = listed
    make_profile(charlie, listed=False)
    connection = connection_send(sender=alice, recipient=bob, note="Hi")
    # An unlisted sender's page is visible to the person they wrote to.
    make_profile(alice, listed=False)
    client.force_login(bob)
    assert client.get(reverse("network:member", args=[alice.pk])).status_code == 200
    client.force_login(charlie)
    assert client.get(reverse("network:member", args=[alice.pk])).status_code == 404
    connection_accept(connection=connection, recipient=bob)
    make_profile(bob, listed=False)
    client.force_login(alice)
    assert client.get(reverse("network:member", args=[bob.pk])).status_code == 200
