"""Every write in networking goes through these functions.

Each one is atomic, checks who is acting and raises ``NetworkError`` (a translated sentence for
the member) when it refuses, leaving nothing half-saved. Notifications are queued in the same
transaction as the change that caused them.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.services import members_lock
from companies.search import company_name_key
from contacts.services import relationship_record
from guanxi.ratelimit import Limit, hit, is_limited
from moderation.models import Block
from moderation.services import is_blocked
from network.models import (
    INTENT_PHRASES,
    Connection,
    ConnectionStatus,
    Intent,
    MatchNotice,
    MeetWish,
    NetworkProfile,
    Shortlist,
    pack_choices,
    unpack_choices,
)
from notifications.models import Kind
from notifications.services import notify_member

CONNECTIONS_PER_DAY = Limit("network-connect", 20, 86400)
MAX_WISHES = 10
NOTE_MAX_LENGTH = 600


class NetworkError(Exception):
    """A refused action; ``str(error)`` is a translated sentence for the member."""


# --- Profile --------------------------------------------------------------------------------


def _match_facts(*, role_type: str, industry: str, company: str, city: str) -> dict:
    return {"role_type": role_type, "industry": industry, "company": company, "city": city}


@transaction.atomic
def network_profile_save(
    *,
    user,
    intents: list[str],
    offers: list[str],
    role_type: str = "",
    industry: str = "",
    company: str = "",
    job_title: str = "",
    about: str = "",
    listed: bool,
    headline: str | None = None,
    city: str | None = None,
    languages_spoken: str | None = None,
) -> NetworkProfile:
    """Create or update the member's network profile (and the profile facts kept on the member).

    When the member is listed and now fits someone's "people I want to meet" description for
    the first time, that person is told once.
    """
    profile = NetworkProfile.objects.select_for_update().filter(user=user).first()
    was_listed = bool(profile and profile.listed)
    before = (
        _match_facts(
            role_type=profile.role_type,
            industry=profile.industry,
            company=profile.company,
            city=user.city,
        )
        if profile
        else None
    )
    if profile is None:
        profile = NetworkProfile(user=user)

    user_fields = []
    for name, value in [
        ("headline", headline),
        ("city", city),
        ("languages_spoken", languages_spoken),
    ]:
        if value is not None and getattr(user, name) != value.strip():
            setattr(user, name, value.strip())
            user_fields.append(name)
    if user_fields:
        user.save(update_fields=user_fields)

    profile.intents = pack_choices(intents)
    profile.offers = pack_choices(offers)
    profile.role_type = role_type
    profile.industry = industry
    profile.company = company.strip()
    profile.company_search_key = company_name_key(profile.company)
    profile.job_title = job_title.strip()
    profile.about = about.strip()
    profile.listed = listed
    profile.updated_at = timezone.now()
    profile.save()

    if listed:
        _notify_new_matches(profile=profile, before=before if was_listed else None)
    return profile


def _notify_new_matches(*, profile: NetworkProfile, before: dict | None) -> None:
    """Tell owners of wishes this member now fits, once per (wish, member).

    One query fetches the candidate wishes (role type and industry filtered in SQL); company
    and city are compared in Python. A wish the member already fitted before this save is left
    alone: they were already on its owner's page.
    """
    member = profile.user
    now = _match_facts(
        role_type=profile.role_type,
        industry=profile.industry,
        company=profile.company,
        city=member.city,
    )
    candidates = (
        MeetWish.objects.filter(Q(role_type="") | Q(role_type=profile.role_type))
        .filter(Q(industry="") | Q(industry=profile.industry))
        .filter(owner__is_active=True)
        .exclude(owner=member)
        .select_related("owner")
    )
    fresh = [
        wish
        for wish in candidates
        if wish.matches(**now) and not (before is not None and wish.matches(**before))
    ]
    if not fresh:
        return
    told = set(
        MatchNotice.objects.filter(member=member, wish__in=fresh).values_list("wish_id", flat=True)
    )
    owner_ids = {w.owner_id for w in fresh}
    blocks = Block.objects.filter(
        Q(blocker=member, blocked_id__in=owner_ids) | Q(blocked=member, blocker_id__in=owner_ids)
    ).values_list("blocker_id", "blocked_id")
    blocked = {pk for pair in blocks for pk in pair} - {member.pk}  # either side blocked
    new = [w for w in fresh if w.pk not in told and w.owner_id not in blocked]
    if not new:
        return
    MatchNotice.objects.bulk_create(
        [MatchNotice(wish=w, member=member) for w in new], ignore_conflicts=True
    )
    url = reverse("network:member", args=[member.pk])
    owners = {w.owner_id: w.owner for w in new}  # one notification per owner, however many wishes
    for owner in owners.values():
        notify_member(recipient=owner, kind=Kind.NEW_MATCH, actor=member, url=url)


# --- Shortlist ------------------------------------------------------------------------------


@transaction.atomic
def shortlist_add(*, owner, member, note: str = "") -> Shortlist:
    """Save a member to "people I want to meet" (again: only the note changes)."""
    if owner.pk == member.pk:
        raise NetworkError(_("You cannot save yourself."))
    entry, _created = Shortlist.objects.get_or_create(owner=owner, member=member)
    note = note.strip()[:200]
    if note != entry.note:
        entry.note = note
        entry.save(update_fields=["note"])
    return entry


@transaction.atomic
def shortlist_remove(*, owner, entry: Shortlist) -> None:
    if entry.owner_id != owner.pk:
        raise NetworkError(_("This is not on your list."))
    entry.delete()


# --- People I want to meet ------------------------------------------------------------------


@transaction.atomic
def meet_wish_create(
    *, owner, role_type: str = "", industry: str = "", company: str = "", city: str = ""
) -> MeetWish:
    company, city = company.strip(), city.strip()
    if not (role_type or industry or company or city):
        raise NetworkError(
            _("Describe the person with at least one of role type, industry, company or city.")
        )
    if MeetWish.objects.filter(owner=owner).count() >= MAX_WISHES:
        raise NetworkError(
            _("You can keep up to %(count)d descriptions. Remove one to add another.")
            % {"count": MAX_WISHES}
        )
    return MeetWish.objects.create(
        owner=owner, role_type=role_type, industry=industry, company=company, city=city
    )


@transaction.atomic
def meet_wish_delete(*, owner, wish: MeetWish) -> None:
    if wish.owner_id != owner.pk:
        raise NetworkError(_("This is not one of your descriptions."))
    wish.delete()


# --- Connections ----------------------------------------------------------------------------


def connection_note_initial(*, sender, recipient) -> str:
    """The suggested note, in the sender's language; the topic is left for them to fill in."""
    language = sender.language or translation.get_language()
    with translation.override(language):
        profile = NetworkProfile.objects.filter(user=sender).first()
        intents = unpack_choices(profile.intents) if profile else []
        topic = _("[the topic you would like to discuss]")
        # "First" in the order of the choices, as the profile form lists them.
        phrase = next((INTENT_PHRASES[i] for i in Intent if i.value in intents), None)
        if phrase is None:
            return _(
                "Hi %(name)s, thanks for connecting. I wondered if I could ask for a moment of "
                "your time to discuss %(topic)s."
            ) % {"name": recipient.public_name, "topic": topic}
        return _(
            "Hi %(name)s, thanks for connecting. I am looking for %(intent)s and wondered if I "
            "could ask for a moment of your time to discuss %(topic)s."
        ) % {"name": recipient.public_name, "intent": str(phrase), "topic": topic}


def _placeholders() -> set[str]:
    """The template's placeholder in every language of the site, without its brackets."""
    found = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            text = _("[the topic you would like to discuss]")
        found.add(" ".join(text.strip("[]【】「」()（） ").casefold().split()))
    return {p for p in found if p}


def note_has_placeholder(note: str) -> bool:
    """Whether a connection note still holds the suggested note's placeholder, in any language
    (the sender may have switched language after the note was suggested)."""
    text = " ".join((note or "").casefold().split())
    return any(p in text for p in _placeholders())


def connection_problem(*, sender, recipient) -> str | None:
    """Why ``sender`` may not ask ``recipient`` to connect now, as a sentence; None if they may.

    The form shows it before the note is written; ``connection_send`` checks it again.
    """
    name = recipient.public_name
    if sender.pk == recipient.pk:
        return _("You cannot send a connection request to yourself.")
    if is_blocked(blocker_id=recipient.pk, blocked_id=sender.pk):
        return _("You cannot send a connection request to this member.")
    if is_blocked(blocker_id=sender.pk, blocked_id=recipient.pk):
        return _("You have blocked this member. Unblock them first to connect.")
    cutoff = Connection.quiet_cutoff()
    between = Connection.objects.filter(
        Q(sender=sender, recipient=recipient) | Q(sender=recipient, recipient=sender)
    )
    for c in between.filter(
        Q(status=ConnectionStatus.ACCEPTED)
        | Q(
            status__in=[ConnectionStatus.PENDING, ConnectionStatus.IGNORED],
            created_at__gt=cutoff,
        )
    ):
        if c.status == ConnectionStatus.ACCEPTED:
            return _("You are already connected with %(name)s.") % {"name": name}
        if c.sender_id == sender.pk:
            return _("You already asked %(name)s to connect. Please give them time to answer.") % {
                "name": name
            }
        if c.status == ConnectionStatus.PENDING:
            return _(
                "%(name)s already asked to connect with you. You can accept their request "
                "under Connections."
            ) % {"name": name}
    if is_limited(CONNECTIONS_PER_DAY, str(sender.pk)):
        return _(
            "You have sent %(count)d connection requests today. Please try again tomorrow."
        ) % {"count": CONNECTIONS_PER_DAY.count}
    return None


@transaction.atomic
def connection_send(*, sender, recipient, note: str) -> Connection:
    """Ask a member to connect, with a short note; they are notified."""
    note = note.strip()
    if not note:
        raise NetworkError(_("Please write a short note."))
    if len(note) > NOTE_MAX_LENGTH:
        raise NetworkError(
            _("Please keep the note under %(count)d characters.") % {"count": NOTE_MAX_LENGTH}
        )
    if note_has_placeholder(note):
        raise NetworkError(
            _(
                "Your note still has the part in brackets from the suggestion. Please replace it "
                "with what you would like to discuss."
            )
        )
    problem = connection_problem(sender=sender, recipient=recipient)
    if problem:
        raise NetworkError(problem)
    if hit(CONNECTIONS_PER_DAY, str(sender.pk)):
        raise NetworkError(
            _("You have sent %(count)d connection requests today. Please try again tomorrow.")
            % {"count": CONNECTIONS_PER_DAY.count}
        )
    # A request that went unanswered for too long quietly lapses, so a new one may be sent.
    Connection.objects.filter(
        sender=sender,
        recipient=recipient,
        status__in=[ConnectionStatus.PENDING, ConnectionStatus.IGNORED],
        created_at__lte=Connection.quiet_cutoff(),
    ).update(status=ConnectionStatus.EXPIRED)
    try:
        with transaction.atomic():
            connection = Connection.objects.create(sender=sender, recipient=recipient, note=note)
    except IntegrityError:
        raise NetworkError(
            _("You already asked %(name)s to connect. Please give them time to answer.")
            % {"name": recipient.public_name}
        ) from None
    notify_member(
        recipient=recipient,
        kind=Kind.CONNECTION_REQUEST,
        actor=sender,
        url=reverse("network:connections"),
        message=note,
    )
    return connection


def _lock_incoming(connection: Connection, recipient) -> Connection:
    locked = (
        Connection.objects.select_for_update(of=("self",))
        .select_related("sender", "recipient")
        .get(pk=connection.pk)
    )
    if locked.recipient_id != recipient.pk:
        raise NetworkError(_("This request was not sent to you."))
    if locked.status != ConnectionStatus.PENDING or not locked.is_waiting:
        raise NetworkError(_("This request has already been answered."))
    return locked


@transaction.atomic
def connection_accept(*, connection: Connection, recipient) -> Connection:
    """Accept a request: the sender is told, and each lands in the other's contacts."""
    connection = _lock_incoming(connection, recipient)
    now = timezone.now()
    connection.status = ConnectionStatus.ACCEPTED
    connection.responded_at = now
    connection.save(update_fields=["status", "responded_at"])
    notify_member(
        recipient=connection.sender,
        kind=Kind.CONNECTION_ACCEPTED,
        actor=recipient,
        url=reverse("network:member", args=[recipient.pk]),
    )
    # Both members first, in one order: each side's contact of the other is then written under
    # locks already held, so two such changes between the same pair cannot deadlock.
    members_lock([connection.sender_id, recipient.pk])
    for owner, other in [(connection.sender, recipient), (recipient, connection.sender)]:
        relationship_record(
            owner=owner, other=other, kind="message", occurred_at=now, summary=connection.note
        )
    return connection


@transaction.atomic
def connection_ignore(*, connection: Connection, recipient) -> Connection:
    """Ignore a request quietly: the sender is not told and keeps seeing it as unanswered."""
    connection = _lock_incoming(connection, recipient)
    connection.status = ConnectionStatus.IGNORED
    connection.responded_at = timezone.now()
    connection.save(update_fields=["status", "responded_at"])
    return connection


def connections_member_leaving(*, member) -> None:
    """``member`` deletes their account: every request still waiting between them and someone
    else ends, and that person is told (in-app and by e-mail), whichever side asked. A request
    the leaving member ignored is told the same way, so ignoring stays invisible. The requests
    themselves go with the account. Called by ``workflows.members.member_delete``."""
    waiting = (
        Connection.objects.filter(Q(sender=member) | Q(recipient=member))
        .filter(created_at__gt=Connection.quiet_cutoff())
        .filter(
            # Sent by the leaving member: the other side still has it to answer.
            Q(sender=member, status=ConnectionStatus.PENDING)
            # Sent to them: for the sender it is waiting, answered or not (unless accepted).
            | Q(recipient=member, status__in=[ConnectionStatus.PENDING, ConnectionStatus.IGNORED])
        )
        .select_related("sender", "recipient")
        .order_by("pk")
    )
    name = member.public_name
    for connection in waiting:
        other = connection.recipient if connection.sender_id == member.pk else connection.sender
        if not other.is_active:
            continue
        notify_member(
            recipient=other,
            kind=Kind.CONNECTION_CLOSED,
            url=reverse("network:connections"),
            subject=name,
        )
