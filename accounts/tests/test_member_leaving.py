"""Deleting an account ends what others share with the member, visibly.

The other side of a coffee chat, the people registered for an event the member organised, and
the other side of a connection request still waiting are each told, in the app and by e-mail in
their own language, with a calendar cancellation where their calendar holds an invitation; and
nothing they were told before leads to a 404.
"""

from datetime import timedelta

import icalendar
import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import translation

from coffee.models import CoffeeChat, Status
from coffee.tests.helpers import SLOT_A, confirmed_chat, invitations, propose, set_prefs, vevent
from conftest import page_text, run_tasks
from events.models import Event, Rsvp, RsvpStatus
from events.services import EventError, event_rsvp
from events.tests.helpers import make_event
from network.models import Connection, ConnectionStatus
from network.services import connection_ignore, connection_send
from network.tests.utils import make_profile
from notifications.models import Kind, Notification


def _delete_account(client, member) -> None:
    client.force_login(member)
    response = client.post(
        reverse("accounts:delete"), {"password": "correct horse 42", "confirm": "on"}
    )
    assert response.status_code == 302
    client.logout()


def _every_notification_opens(client, member) -> None:
    """Each notification ``member`` has leads to a page that answers, never to a 404."""
    client.force_login(member)
    for n in Notification.objects.filter(recipient=member):
        response = client.get(reverse("notifications:open", args=[n.pk]), follow=True)
        assert response.status_code == 200, (n.kind, response.redirect_chain)


def _ics(message) -> icalendar.Calendar:
    (content,) = [c for name, c, _type in message.attachments if name.endswith(".ics")]
    return icalendar.Calendar.from_ical(content)


def test_a_confirmed_coffee_chat_is_cancelled_for_the_other_side(client, alice, bob, charlie):
    set_prefs(bob, time_zone="Asia/Taipei", language="zh-hant")
    chat = confirmed_chat(alice, bob)
    run_tasks()
    invitation = vevent(invitations()["bob@example.com"][1])
    mail.outbox.clear()

    _delete_account(client, alice)
    run_tasks()

    # In the app...
    notice = Notification.objects.get(recipient=bob, kind=Kind.COFFEE_MEMBER_LEFT)
    assert notice.object_id == chat.pk
    # ... and by e-mail, in his language, with the cancellation for his calendar.
    (message,) = mail.outbox
    assert message.to == ["bob@example.com"]
    with translation.override("zh-hant"):
        expected = translation.gettext(
            "The member you were to meet left Guanxi, so your coffee chat is cancelled: %(subject)s"
        ) % {"subject": chat.goal}
    assert "已離開" in expected and expected in message.subject + message.body
    cal = _ics(message)
    assert str(cal["METHOD"]) == "CANCEL"
    cancel = vevent(cal)
    assert str(cancel["UID"]) == str(invitation["UID"])
    assert cancel["SEQUENCE"] > invitation["SEQUENCE"]
    assert str(cancel["STATUS"]) == "CANCELLED"

    # The chat stays on his list, cancelled, with "a deleted member".
    chat.refresh_from_db()
    assert chat.status == Status.CANCELLED and chat.proposer is None and chat.invitee == bob
    client.force_login(bob)
    assert chat.goal in page_text(client.get(reverse("coffee:list")))
    detail = client.get(chat.get_absolute_url())
    assert detail.status_code == 200
    assert "和你約好見面的會員已離開 Guanxi，這次咖啡聊聊已取消。" in page_text(detail)
    ics = client.get(reverse("coffee:ics", args=[chat.pk]))
    assert "method=CANCEL" in ics["Content-Type"]
    # Nothing he was told before leads to a 404; the chat is still no one else's to see.
    _every_notification_opens(client, bob)
    client.force_login(charlie)
    assert client.get(chat.get_absolute_url()).status_code == 404


def test_a_proposal_waiting_either_way_is_cancelled_without_a_calendar_file(
    client, alice, bob, charlie
):
    to_bob = propose(alice, bob)
    from_charlie = propose(charlie, alice)
    run_tasks()
    mail.outbox.clear()
    _delete_account(client, alice)
    run_tasks()
    for other, chat in ((bob, to_bob), (charlie, from_charlie)):
        assert Notification.objects.filter(recipient=other, kind=Kind.COFFEE_MEMBER_LEFT).exists()
        assert CoffeeChat.objects.get(pk=chat.pk).status == Status.CANCELLED
        _every_notification_opens(client, other)
    assert sorted(m.to[0] for m in mail.outbox) == ["bob@example.com", "charlie@example.com"]
    assert not invitations()  # no time was chosen: no calendar holds it


def test_a_chat_whose_other_side_already_left_goes_with_the_second(client, alice, bob):
    chat = confirmed_chat(alice, bob)
    _delete_account(client, alice)
    assert CoffeeChat.objects.filter(pk=chat.pk).exists()
    _delete_account(client, bob)
    assert not CoffeeChat.objects.filter(pk=chat.pk).exists()


def test_an_event_the_member_organised_is_cancelled_and_attendees_told(
    client, alice, bob, charlie, dana
):
    set_prefs(bob, time_zone="Asia/Taipei", language="zh-hant")
    theirs = make_event(created_by=alice, title="Chip design night")
    other = make_event(created_by=dana, title="Resume clinic", capacity=2)
    event_rsvp(event=theirs, member=bob, status=RsvpStatus.GOING)
    event_rsvp(event=theirs, member=charlie, status=RsvpStatus.NOT_GOING)
    event_rsvp(event=other, member=alice, status=RsvpStatus.GOING)
    event_rsvp(event=other, member=charlie, status=RsvpStatus.GOING)
    run_tasks()
    (registered,) = [m for m in mail.outbox if m.to == ["bob@example.com"]]
    invitation = vevent(_ics(registered))
    mail.outbox.clear()

    _delete_account(client, alice)
    run_tasks()

    theirs.refresh_from_db()
    assert theirs.cancelled_at is not None
    # Only the one who was going is told, in his language, with the cancellation.
    assert list(
        Notification.objects.filter(kind=Kind.EVENT_CANCELLED).values_list("recipient", flat=True)
    ) == [bob.pk]
    (message,) = mail.outbox
    assert message.to == ["bob@example.com"]
    with translation.override("zh-hant"):
        expected = translation.gettext("“%(subject)s” is cancelled: its organiser left Guanxi.") % {
            "subject": "Chip design night"
        }
    assert "已取消" in expected and expected in message.subject + message.body
    cal = _ics(message)
    assert str(cal["METHOD"]) == "CANCEL"
    cancel = vevent(cal)
    assert str(cancel["UID"]) == str(invitation["UID"])
    assert cancel["SEQUENCE"] > invitation["SEQUENCE"]
    assert str(cancel["STATUS"]) == "CANCELLED"

    client.force_login(bob)
    page = page_text(client.get(theirs.get_absolute_url()))  # in his language
    assert "這場活動已取消：主辦人已離開 Guanxi，活動不會舉行。" in page
    with pytest.raises(EventError):
        event_rsvp(event=theirs, member=bob, status=RsvpStatus.GOING)
    _every_notification_opens(client, bob)

    # Her place at the other event is free again.
    assert not Rsvp.objects.filter(event=other, member_id__isnull=True).exists()
    assert Rsvp.objects.filter(event=other, status=RsvpStatus.GOING).count() == 1
    assert Event.objects.get(pk=other.pk).cancelled_at is None
    event_rsvp(event=other, member=bob, status=RsvpStatus.GOING)  # the place she held


def test_connection_requests_waiting_either_way_end_visibly(client, alice, bob, charlie, dana):
    for member in (alice, bob, charlie, dana):
        make_profile(member)
    set_prefs(bob, time_zone="Asia/Taipei", language="zh-hant")
    connection_send(sender=alice, recipient=bob, note="Hello Bob")
    connection_send(sender=charlie, recipient=alice, note="Hello Alice")
    ignored = connection_send(sender=dana, recipient=alice, note="Hi Alice")
    connection_ignore(connection=ignored, recipient=alice)
    run_tasks()
    mail.outbox.clear()

    _delete_account(client, alice)
    run_tasks()

    told = Notification.objects.filter(kind=Kind.CONNECTION_CLOSED)
    assert sorted(told.values_list("recipient__email", flat=True)) == [
        "bob@example.com",
        "charlie@example.com",
        "dana@example.com",  # ignoring stays invisible: told like anyone waiting
    ]
    assert all(n.subject == "Alice Lin" for n in told)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "bob@example.com",
        "charlie@example.com",
        "dana@example.com",
    ]
    (to_bob,) = [m for m in mail.outbox if m.to == ["bob@example.com"]]
    with translation.override("zh-hant"):
        expected = translation.gettext(
            "%(subject)s left Guanxi, so the connection request between you is closed."
        ) % {"subject": "Alice Lin"}
    assert "已離開" in expected and expected in to_bob.subject + to_bob.body
    assert not Connection.objects.filter(status=ConnectionStatus.PENDING).exists()
    for member in (bob, charlie, dana):
        _every_notification_opens(client, member)
        assert client.get(reverse("network:connections")).status_code == 200


def test_a_chat_already_past_is_left_as_it_was_and_can_still_be_marked_met(client, alice, bob):
    """It may well have happened: nothing is cancelled, and the other side can still record it."""
    chat = confirmed_chat(alice, bob)
    with time_machine.travel(SLOT_A + timedelta(hours=2)):
        _delete_account(client, alice)
        chat.refresh_from_db()
        assert chat.status == Status.CONFIRMED and chat.proposer is None
        assert not Notification.objects.filter(kind=Kind.COFFEE_MEMBER_LEFT).exists()
        client.force_login(bob)
        response = client.post(
            reverse("coffee:happened", args=[chat.pk]),
            headers={"accept-language": "en"},
            follow=True,
        )
        assert response.status_code == 200
        chat.refresh_from_db()
        assert chat.status == Status.HAPPENED
