"""Every write of a coffee chat: propose, confirm, reschedule, cancel, mark as met.

Each function is atomic, checks who is acting, and raises ``CoffeeError`` with a translated
sentence when refused. Notifications (and their e-mails with the .ics invitation) are queued in
the same transaction.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import members_lock
from coffee.models import CoffeeChat, CoffeeSlot, Duration, Mode, Status
from contacts import services as contacts_services
from moderation.services import is_blocked
from notifications.models import Kind
from notifications.services import notify_member

MIN_SLOTS = 2
MAX_SLOTS = 5
# The name the .ics is registered under (apps.py); stored on each notification, so it keeps
# the dotted path it once was.
ATTACHMENT = "coffee.calendar.notification_attachment"
CHANGEABLE = (Status.PROPOSED, Status.CONFIRMED)


class CoffeeError(Exception):
    """A refused action; ``str(error)`` is a translated sentence for the member."""


def _clean_slots(slots: list[datetime], now: datetime) -> list[datetime]:
    unique = sorted({s for s in slots if s is not None})
    for s in unique:
        if timezone.is_naive(s):
            raise ValueError("Coffee slots must be aware datetimes.")
    if len(unique) < MIN_SLOTS:
        raise CoffeeError(_("Please offer at least two different times."))
    if len(unique) > MAX_SLOTS:
        raise CoffeeError(_("Please offer at most five times."))
    if any(s <= now for s in unique):
        raise CoffeeError(_("Every time you offer must be in the future."))
    return unique


def _lock(chat: CoffeeChat) -> CoffeeChat:
    return (
        CoffeeChat.objects.select_for_update(of=("self",))
        .select_related("proposer", "invitee")
        .get(pk=chat.pk)
    )


def _check_participant(chat: CoffeeChat, member) -> None:
    if member.pk not in (chat.proposer_id, chat.invitee_id):
        raise CoffeeError(_("You are not part of this coffee chat."))


def _notify(chat: CoffeeChat, *, recipient, kind: str, actor, invitation: bool) -> None:
    notify_member(
        recipient=recipient,
        kind=kind,
        actor=actor,
        url=chat.get_absolute_url(),
        subject=chat.goal,
        attachment=ATTACHMENT if invitation else "",
        object_id=chat.pk,
    )


def _set_location(chat: CoffeeChat, *, place: str, meeting_link: str, required: bool) -> None:
    """The invitee names where to meet; required when they confirm a time."""
    place, meeting_link = (place or "").strip(), (meeting_link or "").strip()
    if chat.mode == Mode.ONLINE:
        chat.meeting_link = meeting_link or chat.meeting_link
        if required and not chat.meeting_link:
            raise CoffeeError(_("Please give the link of the online meeting."))
    else:
        chat.place = place or chat.place
        if required and not chat.place:
            raise CoffeeError(_("Please name the place where you would like to meet."))


@transaction.atomic
def coffee_propose(
    *,
    proposer,
    invitee,
    goal: str,
    mode: str,
    slots: list[datetime],
    duration_minutes: int = Duration.MIN_30,
    now: datetime | None = None,
) -> CoffeeChat:
    """``proposer`` invites ``invitee``; the invitee will pick a time and the place."""
    now = now or timezone.now()
    if proposer.pk == invitee.pk:
        raise CoffeeError(_("You cannot invite yourself for coffee."))
    if not invitee.is_active or is_blocked(blocker_id=invitee.pk, blocked_id=proposer.pk):
        raise CoffeeError(_("You cannot invite this member for coffee."))
    goal = (goal or "").strip()
    if not goal:
        raise CoffeeError(_("Please say in one sentence what you would like to talk about."))
    if mode not in Mode.values:
        raise CoffeeError(_("Please choose whether you meet in person or online."))
    if duration_minutes not in Duration.values:
        raise CoffeeError(_("Please choose how long the chat should take."))
    times = _clean_slots(slots, now)
    if CoffeeChat.objects.filter(
        proposer=proposer, invitee=invitee, status=Status.PROPOSED
    ).exists():
        raise CoffeeError(
            _(
                "You already have a proposal waiting for this member. Change its times instead "
                "of sending another."
            )
        )
    chat = CoffeeChat.objects.create(
        proposer=proposer,
        invitee=invitee,
        goal=goal,
        mode=mode,
        duration_minutes=duration_minutes,
        slots_by=proposer,
    )
    CoffeeSlot.objects.bulk_create([CoffeeSlot(chat=chat, starts_at=t) for t in times])
    _notify(chat, recipient=invitee, kind=Kind.COFFEE_PROPOSED, actor=proposer, invitation=False)
    return chat


@transaction.atomic
def coffee_confirm(
    *,
    chat: CoffeeChat,
    member,
    slot_id: int,
    place: str = "",
    meeting_link: str = "",
    now: datetime | None = None,
) -> CoffeeChat:
    """The member who did not offer the times picks one; the invitee also names the place."""
    now = now or timezone.now()
    chat = _lock(chat)
    _check_participant(chat, member)
    if chat.status != Status.PROPOSED:
        raise CoffeeError(_("This coffee chat is not waiting for a time to be chosen."))
    if member.pk != chat.chooser_id:
        raise CoffeeError(_("You offered these times; the other person chooses one of them."))
    slot = chat.slots.filter(pk=slot_id).first()
    if slot is None:
        raise CoffeeError(_("Please choose one of the offered times."))
    if slot.starts_at <= now:
        raise CoffeeError(
            _("That time has already passed. Please choose another one or suggest new times.")
        )
    _set_location(
        chat,
        place=place if member.pk == chat.invitee_id else "",
        meeting_link=meeting_link if member.pk == chat.invitee_id else "",
        required=True,
    )
    chat.status = Status.CONFIRMED
    chat.starts_at = slot.starts_at
    chat.confirmed_at = now
    chat.sequence += 1
    chat.save(
        update_fields=[
            "status",
            "starts_at",
            "confirmed_at",
            "sequence",
            "place",
            "meeting_link",
            "updated_at",
        ]
    )
    for recipient in (chat.proposer, chat.invitee):
        _notify(
            chat,
            recipient=recipient,
            kind=Kind.COFFEE_CONFIRMED,
            actor=chat.other(recipient),
            invitation=True,
        )
    return chat


@transaction.atomic
def coffee_reschedule(
    *,
    chat: CoffeeChat,
    member,
    slots: list[datetime],
    place: str = "",
    meeting_link: str = "",
    now: datetime | None = None,
) -> CoffeeChat:
    """Either side offers new times: the chat is proposed again and the other side picks."""
    now = now or timezone.now()
    chat = _lock(chat)
    _check_participant(chat, member)
    if chat.status not in CHANGEABLE:
        raise CoffeeError(_("This coffee chat can no longer be changed."))
    times = _clean_slots(slots, now)
    if member.pk == chat.invitee_id:
        # The proposer will pick the time; the place stays the invitee's choice.
        _set_location(chat, place=place, meeting_link=meeting_link, required=True)
    chat.slots.all().delete()
    CoffeeSlot.objects.bulk_create([CoffeeSlot(chat=chat, starts_at=t) for t in times])
    chat.slots_by = member
    chat.status = Status.PROPOSED
    chat.sequence += 1
    chat.save(
        update_fields=["slots_by", "status", "sequence", "place", "meeting_link", "updated_at"]
    )
    _notify(
        chat,
        recipient=chat.other(member),
        kind=Kind.COFFEE_RESCHEDULED,
        actor=member,
        invitation=False,
    )
    return chat


@transaction.atomic
def coffee_cancel(*, chat: CoffeeChat, member) -> CoffeeChat:
    """Either side cancels; calendars that hold the invitation receive a METHOD:CANCEL."""
    chat = _lock(chat)
    _check_participant(chat, member)
    if chat.status not in CHANGEABLE:
        raise CoffeeError(_("This coffee chat can no longer be cancelled."))
    chat.status = Status.CANCELLED
    chat.cancelled_by = member
    chat.sequence += 1
    chat.save(update_fields=["status", "cancelled_by", "sequence", "updated_at"])
    invited = chat.starts_at is not None  # both calendars hold an invitation
    recipients = [chat.other(member)] + ([member] if invited else [])
    for recipient in recipients:
        _notify(
            chat,
            recipient=recipient,
            kind=Kind.COFFEE_CANCELLED,
            actor=member,
            invitation=invited,
        )
    return chat


@transaction.atomic
def coffee_mark_happened(
    *, chat: CoffeeChat, member, topics: str = "", now: datetime | None = None
) -> CoffeeChat:
    """After the time, either side records that they met (optionally with the topics discussed);
    both get it in their contacts."""
    now = now or timezone.now()
    chat = _lock(chat)
    _check_participant(chat, member)
    if chat.status == Status.HAPPENED:
        return chat
    if chat.status != Status.CONFIRMED or chat.starts_at is None:
        raise CoffeeError(_("Only a confirmed coffee chat can be marked as met."))
    if chat.starts_at > now:
        raise CoffeeError(_("You can mark the chat as met once its time has come."))
    chat.status = Status.HAPPENED
    chat.happened_at = now
    chat.save(update_fields=["status", "happened_at", "updated_at"])
    # Both members first, in one order: each side's contact of the other is then written under
    # locks already held, so two chats of the same pair finishing at once cannot deadlock.
    members_lock([chat.proposer_id, chat.invitee_id])
    for owner, other in ((chat.proposer, chat.invitee), (chat.invitee, chat.proposer)):
        contacts_services.relationship_record(
            owner=owner,
            other=other,
            kind="coffee",
            occurred_at=chat.starts_at,
            summary=chat.goal,
            topics=topics.strip()[:300],
            link=chat.get_absolute_url(),
        )
    return chat


def coffee_member_leaving(*, member, now: datetime | None = None) -> None:
    """``member`` deletes their account: each chat still to come is cancelled, and the other
    side is told (in-app and by e-mail, with a METHOD:CANCEL when their calendar holds the
    invitation). The chats stay on the other side's list, with "a deleted member"
    (``on_delete=SET_NULL``); chats nobody is left to see go. Called in the deletion's
    transaction (``workflows.members.member_delete``)."""
    now = now or timezone.now()
    mine = CoffeeChat.objects.filter(Q(proposer=member) | Q(invitee=member))
    mine.filter(Q(proposer__isnull=True) | Q(invitee__isnull=True)).delete()
    still_to_come = mine.filter(
        Q(status=Status.PROPOSED) | Q(status=Status.CONFIRMED, starts_at__gte=now)
    )
    for chat in still_to_come.order_by("pk"):
        chat = _lock(chat)
        other = chat.other(member)
        chat.status = Status.CANCELLED
        chat.cancelled_by = None  # nobody cancelled it: the chat page says the member left
        chat.sequence += 1
        if member.pk == chat.invitee_id:
            chat.meeting_link = ""  # the leaving member's own link
        chat.save(
            update_fields=["status", "cancelled_by", "sequence", "meeting_link", "updated_at"]
        )
        notify_member(
            recipient=other,
            kind=Kind.COFFEE_MEMBER_LEFT,
            url=chat.get_absolute_url(),
            subject=chat.goal,
            # Both calendars hold the invitation once a time was chosen.
            attachment=ATTACHMENT if chat.starts_at is not None else "",
            object_id=chat.pk,
        )
