"""Loading the signed-in member with their unread count (accounts.backends)."""

import pytest
from django.utils import timezone

from accounts.backends import MemberAllauthBackend, MemberBackend, member_with_unread_count
from notifications.models import Notification


def _unread(member, n):
    Notification.objects.bulk_create(
        Notification(recipient=member, kind="warning") for _ in range(n)
    )


def test_each_member_is_loaded_with_their_own_unread_count(alice, bob, django_assert_num_queries):
    _unread(alice, 3)
    _unread(bob, 1)
    first = Notification.objects.filter(recipient=alice).order_by("pk").first()
    first.read_at = timezone.now()
    first.save()
    with django_assert_num_queries(1):
        loaded = member_with_unread_count(alice.pk)
    assert (loaded.pk, loaded.email, loaded.unread_notification_count) == (alice.pk, alice.email, 2)
    # The query compiled for the first member is used with the next one's id.
    loaded = member_with_unread_count(str(bob.pk))
    assert (loaded.pk, loaded.display_name, loaded.unread_notification_count) == (
        bob.pk, bob.display_name, 1
    )  # fmt: skip
    loaded.display_name = "Bob B."
    loaded.save(update_fields=["display_name"])  # a loaded member is an ordinary model instance
    bob.refresh_from_db()
    assert bob.display_name == "Bob B."


def test_no_notifications_is_zero_not_none(alice):
    assert member_with_unread_count(alice.pk).unread_notification_count == 0


@pytest.mark.parametrize("user_id", [None, "", "abc", "12abc", -1, 987654321])
def test_an_unknown_or_malformed_id_loads_nobody(db, alice, user_id):
    assert member_with_unread_count(user_id) is None


@pytest.mark.parametrize("backend", [MemberBackend, MemberAllauthBackend])
def test_an_inactive_member_is_not_signed_in(alice, backend):
    assert backend().get_user(alice.pk).pk == alice.pk
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    assert backend().get_user(alice.pk) is None


def test_a_signed_in_page_shows_the_badge_from_the_same_query(client, alice, bob):
    _unread(alice, 2)
    client.force_login(alice)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.wsgi_request.user.pk == alice.pk
    assert response.context["unread_notification_count"] == 2
