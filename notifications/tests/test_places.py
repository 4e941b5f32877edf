"""Each kind of notification says where it belongs and leads there: a referral inbox item is
labelled "Referral inbox", a coffee chat "Coffee chats", and so on, in both languages, for a
member who is seeker and referrer at once. A notification whose target is gone leads to the list
it belonged to, never to a 404."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from coffee.models import CoffeeChat
from coffee.tests.helpers import propose
from companies.services import company_create
from conftest import make_channel, make_request
from events.tests.helpers import make_event
from network.tests.utils import make_profile
from notifications.models import Kind, Notification
from notifications.services import notify, notify_member, notify_moderation_warning

SEEKER_KINDS = {Kind.NEEDS_INFO, Kind.REFERRED, Kind.DECLINED, Kind.EXPIRED}
INBOX_KINDS = {
    Kind.NEW_REQUEST,
    Kind.NUDGE,
    Kind.INFO_PROVIDED,
    Kind.WITHDRAWN,
    Kind.OUTCOME,
    Kind.THANKED,
}
COFFEE_KINDS = {
    Kind.COFFEE_PROPOSED,
    Kind.COFFEE_CONFIRMED,
    Kind.COFFEE_RESCHEDULED,
    Kind.COFFEE_CANCELLED,
    Kind.COFFEE_MEMBER_LEFT,
}
EVENT_KINDS = {Kind.EVENT_RSVP, Kind.EVENT_CANCELLED}
CONNECTIONS_PAGE_KINDS = {Kind.CONNECTION_REQUEST, Kind.CONNECTION_CLOSED}
# The label (an English msgid) each kind is shown with.
LABELS = {
    **dict.fromkeys(SEEKER_KINDS, "My requests"),
    **dict.fromkeys(INBOX_KINDS, "Referral inbox"),
    **dict.fromkeys(COFFEE_KINDS, "Coffee chats"),
    **dict.fromkeys(EVENT_KINDS, "Events"),
    **dict.fromkeys(CONNECTIONS_PAGE_KINDS, "Connections"),
    Kind.CONNECTION_ACCEPTED: "Connections",
    Kind.NEW_MATCH: "People I want to meet",
    Kind.WARNING: "From the moderators",
}


def test_every_kind_is_covered():
    assert set(LABELS) == set(Kind.values)


@pytest.fixture
def world(alice, bob, charlie, acme, channel):
    """Alice asked Bob for a referral, and Charlie asked Alice (a referrer too) for one."""
    make_profile(bob, listed=True)
    globex = company_create(name_en="Globex", name_zh="地球", website="https://globex.example")
    alices_channel = make_channel(alice, globex)
    return {
        "mine": make_request(alice, channel),
        "to_me": make_request(charlie, alices_channel),
        "chat": propose(bob, alice),
        "event": make_event(),
    }


def _notify(kind, alice, bob, world) -> tuple[Notification, str]:
    """A notification of ``kind`` to Alice, through the real services, and where it leads."""
    chat, event = world["chat"], world["event"]
    if kind in SEEKER_KINDS:
        n = notify(recipient=alice, kind=kind, referral_request=world["mine"])
        return n, reverse("referrals:my_request", args=[world["mine"].pk])
    if kind in INBOX_KINDS:
        n = notify(recipient=alice, kind=kind, referral_request=world["to_me"])
        return n, reverse("referrals:inbox_request", args=[world["to_me"].pk])
    if kind in COFFEE_KINDS:
        n = notify_member(
            recipient=alice,
            kind=kind,
            actor=bob,
            url=chat.get_absolute_url(),
            subject=chat.goal,
            object_id=chat.pk,
        )
        return n, reverse("coffee:detail", args=[chat.pk])
    if kind in EVENT_KINDS:
        n = notify_member(
            recipient=alice,
            kind=kind,
            url=event.get_absolute_url(),
            subject=event.title,
            object_id=event.pk,
        )
        return n, reverse("events:detail", args=[event.pk])
    if kind in CONNECTIONS_PAGE_KINDS:
        url = reverse("network:connections")
        return notify_member(recipient=alice, kind=kind, actor=bob, url=url, message="Hi"), url
    if kind in (Kind.CONNECTION_ACCEPTED, Kind.NEW_MATCH):
        url = reverse("network:member", args=[bob.pk])
        return notify_member(recipient=alice, kind=kind, actor=bob, url=url), url
    assert kind == Kind.WARNING
    return notify_moderation_warning(recipient=alice, note="Please be kind."), ""


def _labels(response) -> list[str]:
    """The text of each notification's place label on the list page."""
    spans = re.findall(
        r'<span class="notification-kind [^"]*">(.*?)</span>', response.content.decode(), re.S
    )
    return [html.unescape(re.sub(r"<[^>]+>", "", span)).strip() for span in spans]


@pytest.mark.parametrize("language", ["en", "zh-hant"])
@pytest.mark.parametrize("kind", list(Kind.values))
def test_each_kind_has_its_own_label_and_place(client, alice, bob, world, kind, language):
    alice.language = language
    alice.save(update_fields=["language"])
    Notification.objects.filter(recipient=alice).delete()
    notification, destination = _notify(kind, alice, bob, world)
    client.force_login(alice)

    response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
    with translation.override(language):
        expected = gettext(LABELS[kind])
        inbox, mine = gettext("Referral inbox"), gettext("My requests")
    assert _labels(response) == [expected]
    if kind not in INBOX_KINDS:
        assert inbox not in _labels(response)
    if kind not in SEEKER_KINDS:
        assert mine not in _labels(response)

    open_url = reverse("notifications:open", args=[notification.pk])
    if kind == Kind.WARNING:
        # Nothing to open: the moderators' message is read on the list itself.
        assert f'href="{open_url}"' not in response.content.decode()
        assert "Please be kind." in response.content.decode()
        return
    assert f'href="{open_url}"' in response.content.decode()
    opened = client.get(open_url)
    assert opened.status_code == 302
    assert opened["Location"] == destination
    assert client.get(destination).status_code == 200


def _gone_chat(world, bob):
    CoffeeChat.objects.filter(pk=world["chat"].pk).delete()


def _gone_event(world, bob):
    world["event"].delete()


def _gone_member(world, bob):
    make_profile(bob, listed=False)  # no longer listed, and never connected with Alice


def _deleted_member(world, bob):
    bob.delete()


@pytest.mark.parametrize(
    "kind,make_gone,fallback",
    [
        (Kind.COFFEE_CONFIRMED, _gone_chat, "coffee:list"),
        (Kind.COFFEE_CANCELLED, _gone_chat, "coffee:list"),
        (Kind.EVENT_RSVP, _gone_event, "events:list"),
        (Kind.CONNECTION_ACCEPTED, _gone_member, "network:connections"),
        (Kind.CONNECTION_ACCEPTED, _deleted_member, "network:connections"),
        (Kind.NEW_MATCH, _gone_member, "network:wishes"),
    ],
)
def test_gone_target_leads_to_its_list(client, alice, bob, world, kind, make_gone, fallback):
    notification, destination = _notify(kind, alice, bob, world)
    client.force_login(alice)
    assert client.get(destination).status_code == 200
    make_gone(world, bob)
    assert client.get(destination).status_code == 404  # what the old link would have shown

    response = client.get(reverse("notifications:open", args=[notification.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse(fallback)
    assert response.status_code == 200
    assert "What this notification was about is no longer available." in response.content.decode()
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_list_queries_do_not_grow_with_kinds(
    client, alice, bob, world, django_assert_max_num_queries
):
    for kind in Kind.values:
        _notify(kind, alice, bob, world)
    client.force_login(alice)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("notifications:list"))
    assert len(_labels(response)) == Notification.objects.filter(recipient=alice).count()
