"""The in-app notification list: only the recipient sees and opens a notification."""

from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from conftest import page_text
from notifications.models import Kind, Notification
from referrals.services import referral_refer


def test_list_shows_my_notifications(client, alice, bob, referral):
    client.force_login(bob)
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
    assert [i["notification"].kind for i in response.context["items"]] == [Kind.NEW_REQUEST]
    assert "Alice Lin asked you for a referral for Backend engineer" in page_text(response)

    client.force_login(alice)
    response = client.get(reverse("notifications:list"))
    assert response.context["items"] == []


def test_open_as_recipient_marks_read_and_redirects(client, alice, bob, referral):
    notification = Notification.objects.get(recipient=bob)
    client.force_login(bob)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == referral.get_inbox_url()
    notification.refresh_from_db()
    assert notification.read_at is not None

    referral_refer(request=referral, referrer=bob)
    seeker_side = Notification.objects.get(recipient=alice, kind=Kind.REFERRED)
    client.force_login(alice)
    response = client.get(reverse("notifications:open", args=[seeker_side.pk]))
    assert response["Location"] == referral.get_absolute_url()


def test_open_by_others_is_404(client, alice, charlie, dana, bob, referral):
    notification = Notification.objects.get(recipient=bob)
    for other in (alice, charlie, dana):
        client.force_login(other)
        assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_only_touches_mine(client, alice, bob, referral):
    referral_refer(request=referral, referrer=bob)
    client.force_login(bob)
    assert client.get(reverse("notifications:read_all")).status_code == 405
    response = client.post(reverse("notifications:read_all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=bob, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=alice, read_at__isnull=True).count() == 1


def test_unread_badge(client, bob, referral):
    client.force_login(bob)
    response = client.get(reverse("notifications:list"))
    assert response.context["unread_notification_count"] == 1
    assertContains(response, '<span class="badge" aria-hidden="true">1</span>', html=True)
    client.post(reverse("notifications:read_all"))
    response = client.get(reverse("notifications:list"))
    assert response.context["unread_notification_count"] == 0
    assertNotContains(response, 'class="badge"')


def test_unread_count_is_loaded_with_the_member(
    client, bob, referral, django_assert_num_queries, sessions_from_the_database
):
    """The badge costs no query of its own: the member and the count come in one query."""
    client.force_login(bob)
    with django_assert_num_queries(2):  # the session, then the member with the count
        response = client.get(reverse("guides:index"))
    assert response.context["unread_notification_count"] == 1


def test_anonymous_redirected_to_login(client, bob, referral):
    notification = Notification.objects.get(recipient=bob)
    for url in (
        reverse("notifications:list"),
        reverse("notifications:open", args=[notification.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    response = client.post(reverse("notifications:read_all"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
