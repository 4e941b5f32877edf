"""What each notification says and where it leads, in whole translated sentences.

Every kind of notification belongs to one place of the site (``PLACES``): the seeker's "My
requests", the referrer's "Referral inbox", connections, people to meet, coffee chats, events,
or the moderators. The place gives the label shown beside it, the list it belongs to, and how
to tell whether its target still exists for the member: a notification whose target is gone
(a coffee chat of a deleted account, an unpublished event…) leads to that list, never to a 404.
The apps that own the targets sit above notifications: each registers how to find its own
(``target_check_register``, in its AppConfig.ready).

Referral notifications are worded for the kind of ask: an advice chat is never called a referral.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import member_name
from notifications.models import OPTIONAL_EMAIL_KINDS, Kind, Notification

ADVICE, RESUME_REVIEW, REFERRAL = "advice", "resume_review", "referral"  # referrals.AskKind
# The kinds of target whose check the app that owns them registers (target_check_register).
SEEKER_REQUEST = "seeker_request"  # referrals
INBOX_REQUEST = "inbox_request"  # referrals
COFFEE_CHAT = "coffee_chat"  # coffee
EVENT = "event"  # events
VISIBLE_MEMBER = "visible_member"  # network


# --- Where each kind belongs ----------------------------------------------------------------


def _request_link(view: str) -> Callable[[Notification], str | None]:
    def link(n: Notification) -> str | None:
        if n.referral_request_id is None:
            return None
        return reverse(view, args=[n.referral_request_id])

    return link


def _object_link(view: str) -> Callable[[Notification], str | None]:
    def link(n: Notification) -> str | None:
        return reverse(view, args=[n.object_id]) if n.object_id else None

    return link


def _actor_link(n: Notification) -> str | None:
    return reverse("network:member", args=[n.actor_id]) if n.actor_id else None


def _stored_link(n: Notification) -> str | None:
    return n.url or None


# The selector the target's own page uses, by the name of the kind of target: the apps that own
# the targets sit above notifications, so each registers its own in its AppConfig.ready.
_target_checks: dict[str, Callable[[object, int], object]] = {}
_check_names: set[str] = set()  # the names the places below use


def target_check_register(name: str, selector: Callable[[object, int], object]) -> None:
    """Tell whether a target of kind ``name`` still exists for a member with ``selector(member,
    id)``, which returns it or raises Http404 when the member may not see it."""
    if name not in _check_names:
        raise ImproperlyConfigured(f"No place of a notification checks a target {name!r}.")
    known = _target_checks.setdefault(name, selector)
    if known is not selector:
        raise ImproperlyConfigured(f"The target check {name!r} is already registered.")


def target_checks_missing() -> list[str]:
    """The names of the target checks a place uses that no app registered."""
    return sorted(_check_names - _target_checks.keys())


def _seen_through(name: str, id_field: str):
    """The target still exists for the member when the selector registered as ``name`` finds
    it (``selector(member, id)``, the id read from the notification's ``id_field``)."""
    _check_names.add(name)

    def exists(n: Notification, user) -> bool:
        try:
            selector = _target_checks[name]
        except KeyError:
            raise ImproperlyConfigured(
                f"No app registered the target check {name!r} (notifications.messages."
                "target_check_register, in the owning app's AppConfig.ready)."
            ) from None
        selector(user, getattr(n, id_field))
        return True

    return exists


_seeker_request_exists = _seen_through(SEEKER_REQUEST, "referral_request_id")
_inbox_request_exists = _seen_through(INBOX_REQUEST, "referral_request_id")
_chat_exists = _seen_through(COFFEE_CHAT, "object_id")
_event_exists = _seen_through(EVENT, "object_id")
_member_visible = _seen_through(VISIBLE_MEMBER, "actor_id")


def _always(n: Notification, user) -> bool:
    return True


@dataclass(frozen=True)
class Place:
    """Where a kind of notification belongs: its label, its list, and its target."""

    label: Promise
    icon: str
    css: str
    list_view: str | None  # the list the notification belongs to; None: it has no page
    target: Callable[[Notification], str | None]  # the link to its object, None if it has none
    # Raises Http404 (as the target's own page would) when the member can no longer see it.
    exists: Callable[[Notification, object], bool]

    @property
    def list_url(self) -> str | None:
        return reverse(self.list_view) if self.list_view else None


MY_REQUESTS = Place(
    label=_("My requests"),
    icon="send",
    css="for-seeker",
    list_view="referrals:my_requests",
    target=_request_link("referrals:my_request"),
    exists=_seeker_request_exists,
)
REFERRAL_INBOX = Place(
    label=_("Referral inbox"),
    icon="inbox",
    css="for-inbox",
    list_view="referrals:inbox",
    target=_request_link("referrals:inbox_request"),
    exists=_inbox_request_exists,
)
CONNECTION_REQUESTS = Place(
    label=_("Connections"),
    icon="users",
    css="for-network",
    list_view="network:connections",
    target=_stored_link,  # the connections page, where the request is answered
    exists=_always,
)
CONNECTED_MEMBER = Place(
    label=_("Connections"),
    icon="users",
    css="for-network",
    list_view="network:connections",
    target=_actor_link,
    exists=_member_visible,
)
PEOPLE_TO_MEET = Place(
    label=_("People I want to meet"),
    icon="star",
    css="for-network",
    list_view="network:wishes",
    target=_actor_link,
    exists=_member_visible,
)
COFFEE_CHATS = Place(
    label=_("Coffee chats"),
    icon="coffee",
    css="for-coffee",
    list_view="coffee:list",
    target=_object_link("coffee:detail"),
    exists=_chat_exists,
)
EVENTS = Place(
    label=_("Events"),
    icon="clock",
    css="for-events",
    list_view="events:list",
    target=_object_link("events:detail"),
    exists=_event_exists,
)
MODERATORS = Place(
    label=_("From the moderators"),
    icon="shield",
    css="for-moderators",
    list_view=None,  # read in place: the list shows the message itself
    target=_stored_link,
    exists=_always,
)

PLACES: dict[str, Place] = {
    # What others asked of me, as a referrer.
    Kind.NEW_REQUEST: REFERRAL_INBOX,
    Kind.NUDGE: REFERRAL_INBOX,
    Kind.INFO_PROVIDED: REFERRAL_INBOX,
    Kind.WITHDRAWN: REFERRAL_INBOX,
    Kind.OUTCOME: REFERRAL_INBOX,
    Kind.THANKED: REFERRAL_INBOX,
    # What I asked others for, as a seeker.
    Kind.NEEDS_INFO: MY_REQUESTS,
    Kind.REFERRED: MY_REQUESTS,
    Kind.DECLINED: MY_REQUESTS,
    Kind.EXPIRED: MY_REQUESTS,
    # Networking.
    Kind.CONNECTION_REQUEST: CONNECTION_REQUESTS,
    Kind.CONNECTION_ACCEPTED: CONNECTED_MEMBER,
    Kind.NEW_MATCH: PEOPLE_TO_MEET,
    Kind.COFFEE_PROPOSED: COFFEE_CHATS,
    Kind.COFFEE_CONFIRMED: COFFEE_CHATS,
    Kind.COFFEE_RESCHEDULED: COFFEE_CHATS,
    Kind.COFFEE_CANCELLED: COFFEE_CHATS,
    Kind.EVENT_RSVP: EVENTS,
    # What ended because a member deleted their account.
    Kind.COFFEE_MEMBER_LEFT: COFFEE_CHATS,
    Kind.CONNECTION_CLOSED: CONNECTION_REQUESTS,
    Kind.EVENT_CANCELLED: EVENTS,
    Kind.WARNING: MODERATORS,
}


# What each kind is, in one sentence, for the settings page where a member chooses their e-mails.
KIND_DESCRIPTIONS = {
    Kind.NEW_REQUEST: _("Someone asks you for a referral, an advice chat or a resume review."),
    Kind.NUDGE: _("A request to you has waited a few days for your answer."),
    Kind.INFO_PROVIDED: _("A seeker answered the question you asked them."),
    Kind.OUTCOME: _("A seeker you helped shares how their application went."),
    Kind.THANKED: _("A seeker thanks you for your help."),
    Kind.NEEDS_INFO: _("A referrer needs more information about your request."),
    Kind.REFERRED: _("A referrer referred you, reviewed your resume or agreed to an advice chat."),
    Kind.DECLINED: _("A referrer cannot help with your request this time."),
    Kind.EXPIRED: _("Your request expired without an answer."),
    Kind.CONNECTION_REQUEST: _("A member would like to connect with you."),
    Kind.CONNECTION_ACCEPTED: _("A member accepted your connection request."),
    Kind.CONNECTION_CLOSED: _("A connection request closed because the other member left."),
    Kind.NEW_MATCH: _("A member matches the people you want to meet."),
    Kind.COFFEE_PROPOSED: _("A member invites you for a coffee chat."),
    Kind.COFFEE_CONFIRMED: _("A coffee chat is confirmed."),
    Kind.COFFEE_RESCHEDULED: _("A member proposes new times for a coffee chat."),
    Kind.COFFEE_CANCELLED: _("A member cancelled a coffee chat."),
    Kind.COFFEE_MEMBER_LEFT: _("A coffee chat is cancelled because the other member left."),
    Kind.EVENT_RSVP: _("You registered for an event."),
    Kind.EVENT_CANCELLED: _("An event you registered for is cancelled."),
    Kind.WARNING: _("The moderators write to you about the community guidelines."),
}


@dataclass(frozen=True)
class KindGroup:
    """The kinds of one place, as the settings page lists them."""

    label: Promise
    icon: str
    kinds: list[str]


def optional_email_kinds_by_place() -> list[KindGroup]:
    """The kinds a member may stop receiving by e-mail, grouped under their place's label, the
    places in the order of ``PLACES`` (two places that share a label are one group)."""
    groups: dict[str, KindGroup] = {}
    for kind, place in PLACES.items():
        if kind in OPTIONAL_EMAIL_KINDS:
            key = str(place.label)
            groups.setdefault(key, KindGroup(label=place.label, icon=place.icon, kinds=[]))
            groups[key].kinds.append(kind)
    return list(groups.values())


def notification_place(n: Notification) -> Place:
    return PLACES[n.kind]


def notification_link(n: Notification) -> str | None:
    """The page of the notification's object (for the e-mail, sent when it happens); else the
    list it belongs to; None when it has neither (a moderators' message is read in place)."""
    place = notification_place(n)
    return place.target(n) or place.list_url


def notification_destination(n: Notification, user) -> tuple[str | None, bool]:
    """Where opening the notification leads ``user`` now, and whether that is still what it
    was about: its object if they can still see it, else the list it belonged to (never a page
    that would answer 404)."""
    place = notification_place(n)
    target = place.target(n)
    if target is not None:
        try:
            if place.exists(n, user):
                return target, True
        except Http404:
            pass
    # It pointed somewhere (its object, or a member since deleted) that is gone.
    had_target = target is not None or bool(n.url)
    return place.list_url, not had_target


# --- What it says ---------------------------------------------------------------------------

NETWORK_TEXTS = {
    Kind.CONNECTION_REQUEST: _("%(name)s would like to connect with you."),
    Kind.CONNECTION_ACCEPTED: _("%(name)s accepted your connection request."),
    Kind.NEW_MATCH: _("%(name)s matches the people you want to meet."),
    Kind.COFFEE_PROPOSED: _("%(name)s invited you for a coffee chat: %(subject)s"),
    Kind.COFFEE_CONFIRMED: _("Your coffee chat with %(name)s is confirmed: %(subject)s"),
    Kind.COFFEE_RESCHEDULED: _("%(name)s proposed new times for your coffee chat: %(subject)s"),
    Kind.COFFEE_CANCELLED: _("%(name)s cancelled the coffee chat: %(subject)s"),
    Kind.EVENT_RSVP: _("You are registered for %(subject)s."),
    # The member who left is gone: ``subject`` names what ended (their name, for a request).
    Kind.COFFEE_MEMBER_LEFT: _(
        "The member you were to meet left Guanxi, so your coffee chat is cancelled: %(subject)s"
    ),
    Kind.CONNECTION_CLOSED: _(
        "%(subject)s left Guanxi, so the connection request between you is closed."
    ),
    Kind.EVENT_CANCELLED: _("“%(subject)s” is cancelled: its organiser left Guanxi."),
}

# One sentence per kind of ask where the words differ; a plain sentence fits every kind.
REQUEST_TEXTS = {
    Kind.NEW_REQUEST: {
        REFERRAL: _("%(seeker)s asked you for a referral for %(position)s at %(company)s."),
        ADVICE: _("%(seeker)s asked you for an advice chat about %(position)s at %(company)s."),
        RESUME_REVIEW: _(
            "%(seeker)s asked you to review their resume for %(position)s at %(company)s."
        ),
    },
    Kind.NUDGE: {
        REFERRAL: _(
            "%(seeker)s's request for %(position)s at %(company)s is still waiting for your "
            "decision."
        ),
        ADVICE: _(
            "%(seeker)s's advice chat request about %(position)s at %(company)s is still "
            "waiting for your answer."
        ),
        RESUME_REVIEW: _(
            "%(seeker)s's resume review request for %(position)s at %(company)s is still "
            "waiting for your answer."
        ),
    },
    Kind.NEEDS_INFO: {
        REFERRAL: _(
            "%(referrer)s needs more information about your request for %(position)s at "
            "%(company)s."
        ),
        ADVICE: _(
            "%(referrer)s needs more information about your advice chat request about "
            "%(position)s at %(company)s."
        ),
        RESUME_REVIEW: _(
            "%(referrer)s needs more information about your resume review request for "
            "%(position)s at %(company)s."
        ),
    },
    Kind.INFO_PROVIDED: _("%(seeker)s answered your question about %(position)s at %(company)s."),
    Kind.REFERRED: {
        REFERRAL: _("%(referrer)s referred you for %(position)s at %(company)s."),
        ADVICE: _("%(referrer)s agreed to an advice chat about %(position)s at %(company)s."),
        RESUME_REVIEW: _("%(referrer)s reviewed your resume for %(position)s at %(company)s."),
    },
    Kind.DECLINED: {
        REFERRAL: _("%(referrer)s could not refer you for %(position)s at %(company)s this time."),
        ADVICE: _(
            "%(referrer)s cannot take your advice chat about %(position)s at %(company)s this time."
        ),
        RESUME_REVIEW: _(
            "%(referrer)s cannot review your resume for %(position)s at %(company)s this time."
        ),
    },
    Kind.WITHDRAWN: {
        REFERRAL: _("%(seeker)s withdrew the request for %(position)s at %(company)s."),
        ADVICE: _("%(seeker)s withdrew the advice chat request about %(position)s at %(company)s."),
        RESUME_REVIEW: _(
            "%(seeker)s withdrew the resume review request for %(position)s at %(company)s."
        ),
    },
    Kind.EXPIRED: {
        REFERRAL: _(
            "Your request for %(position)s at %(company)s expired without an answer. "
            "You can ask another referrer with one click."
        ),
        ADVICE: _(
            "Your advice chat request about %(position)s at %(company)s expired without an "
            "answer. You can ask another referrer with one click."
        ),
        RESUME_REVIEW: _(
            "Your resume review request for %(position)s at %(company)s expired without an "
            "answer. You can ask another referrer with one click."
        ),
    },
    Kind.OUTCOME: _("%(seeker)s shared an update on %(position)s at %(company)s."),
    Kind.THANKED: {
        REFERRAL: _("%(seeker)s thanked you for the referral for %(position)s at %(company)s."),
        ADVICE: _("%(seeker)s thanked you for the advice chat about %(position)s at %(company)s."),
        RESUME_REVIEW: _(
            "%(seeker)s thanked you for reviewing their resume for %(position)s at %(company)s."
        ),
    },
}


def notification_text(n: Notification) -> str:
    """One sentence for the in-app list and the e-mail subject."""
    if n.kind in NETWORK_TEXTS:
        return str(NETWORK_TEXTS[n.kind]) % {"name": member_name(n.actor), "subject": n.subject}
    if n.kind == Kind.WARNING:
        return str(_("The moderators sent you a message about community guidelines."))
    r = n.referral_request
    text = REQUEST_TEXTS[n.kind]
    if isinstance(text, dict):
        text = text.get(r.kind, text[REFERRAL])
    return str(text) % {
        "seeker": member_name(r.seeker),
        "referrer": member_name(r.channel.referrer),
        "company": r.company.display_name,
        "position": r.position_title,
    }
