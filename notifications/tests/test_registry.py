"""The apps above notifications plug in what it cannot know: how to tell that a notification's
target still exists (target checks), and the file its e-mail carries (attachments). Each is
registered in the owning app's AppConfig.ready; one that is missing fails loudly, naming it,
never treating a target as still there."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.http import Http404

from notifications import attachments, messages
from notifications.apps import target_checks_registered
from notifications.models import Kind, Notification
from notifications.tasks import notification_email


@pytest.fixture
def no_target_checks(monkeypatch):
    monkeypatch.setattr(messages, "_target_checks", {})


def test_every_place_has_its_check():
    assert messages.target_checks_missing() == []
    assert target_checks_registered() == []
    call_command("check")


def test_an_unregistered_check_fails_loudly(no_target_checks, alice, bob):
    n = Notification(recipient=alice, kind=Kind.CONNECTION_ACCEPTED, actor=bob)
    place = messages.notification_place(n)
    with pytest.raises(ImproperlyConfigured, match="'visible_member'"):
        place.exists(n, alice)
    with pytest.raises(ImproperlyConfigured, match="'visible_member'"):
        messages.notification_destination(n, alice)
    errors = target_checks_registered()
    assert {e.id for e in errors} == {"notifications.E001"}
    assert any("'visible_member'" in e.msg for e in errors)
    assert messages.target_checks_missing() == sorted(
        ["seeker_request", "inbox_request", "coffee_chat", "event", "visible_member"]
    )


def test_a_registered_check_decides(no_target_checks, alice, bob):
    n = Notification(recipient=alice, kind=Kind.CONNECTION_ACCEPTED, actor=bob)
    seen = []

    def visible(user, pk):
        seen.append((user, pk))
        raise Http404

    messages.target_check_register(messages.VISIBLE_MEMBER, visible)
    assert messages.notification_destination(n, alice)[1] is False  # gone: leads to the list
    assert seen == [(alice, bob.pk)]


def test_registering_is_checked(no_target_checks):
    def selector(user, pk):
        return None

    with pytest.raises(ImproperlyConfigured, match="'nowhere'"):
        messages.target_check_register("nowhere", selector)  # no place uses it
    messages.target_check_register(messages.EVENT, selector)
    messages.target_check_register(messages.EVENT, selector)  # the same again: nothing changes
    with pytest.raises(ImproperlyConfigured, match="'event'"):
        messages.target_check_register(messages.EVENT, lambda user, pk: None)


def test_an_unregistered_attachment_fails_loudly(monkeypatch, alice):
    monkeypatch.setattr(attachments, "_builders", {})
    n = Notification.objects.create(
        recipient=alice, kind=Kind.EVENT_RSVP, subject="Meetup", attachment="nowhere.ics"
    )
    with pytest.raises(ImproperlyConfigured, match="'nowhere.ics'"):
        notification_email(notification_id=n.pk)


def test_the_stored_attachment_names_still_build():
    """Notifications already stored name their file by the path it once was."""
    from coffee.calendar import notification_attachment as coffee_ics
    from events.calendar import notification_attachment as event_ics

    assert attachments._builders["coffee.calendar.notification_attachment"] is coffee_ics
    assert attachments._builders["events.calendar.notification_attachment"] is event_ics
