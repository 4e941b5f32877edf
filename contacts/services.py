"""Contacts: a member's private address book of relationships. Every write goes through here.

Each function is keyword-only and atomic, checks that the acting member owns what they touch,
and raises ``ContactError`` (a translated sentence) when refused. The derived fields of a contact
(last interaction, next keep-in-touch date, earliest open follow-up, ``attention_at``) are
refreshed by ``_refresh_due`` in the same transaction, so no page ever scans the history.

Other apps call ``relationship_record`` when two members actually interact (a referral reply, a
referral, an accepted connection, a coffee chat that happened), so the other person lands in
the member's contacts with the history attached.
"""

import datetime
import zoneinfo
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from companies.search import company_name_key
from contacts.matching import fold, linkedin_key
from contacts.models import (
    Contact,
    FollowUp,
    Frequency,
    Interaction,
    InteractionKind,
    ReminderSettings,
    Source,
    Tag,
)
from contacts.work import member_known_work
from guanxi.compiled import CompiledLookup

# Fields a member edits on the contact form.
EDITABLE = (
    "name",
    "email",
    "company",
    "title",
    "tags",
    "how_we_met",
    "linkedin_url",
    "website",
    "notes",
    "cadence_days",
)
# Fields a merge fills on the kept contact when they are blank there.
FILLABLE = ("email", "company", "title", "how_we_met", "linkedin_url", "website", "notes")
FUTURE_TOLERANCE = datetime.timedelta(minutes=10)
# The earliest an interaction can have happened: a time in year 1 of the calendar cannot even be
# stored in UTC from a zone east of it.
EARLIEST_INTERACTION = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)


class ContactError(Exception):
    """A refused action; ``str(error)`` is a translated sentence for the member."""


def member_tz(member) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(member.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def member_today(member, now=None) -> datetime.date:
    return timezone.localtime(now or timezone.now(), member_tz(member)).date()


def tags_value(tags: Iterable[str]) -> str:
    """["peer", "investor"] → "|investor|peer|" (known tags only, in a stable order)."""
    chosen = [t for t in Tag.values if t in set(tags or ())]
    return f"|{'|'.join(chosen)}|" if chosen else ""


def _set_keys(contact: Contact) -> None:
    contact.email = (contact.email or "").strip().lower()
    contact.name = (contact.name or "").strip()
    contact.name_key = fold(contact.name)
    contact.company_key = fold(contact.company)
    contact.company_search_key = company_name_key(contact.company)
    contact.email_domain = contact.email.rpartition("@")[2] if "@" in contact.email else ""
    contact.linkedin_key = linkedin_key(contact.linkedin_url)


def _require_owner(contact: Contact, owner) -> None:
    if contact.owner_id != owner.pk:
        raise ContactError(_("This contact is not in your address book."))


def _refresh_due(contact: Contact, *, owner=None) -> None:
    """Recompute the keep-in-touch date, the earliest open follow-up and ``attention_at``."""
    owner = owner or contact.owner
    # Read what the dates depend on from the database: the caller's copy may be older.
    fresh = (
        Contact.objects.filter(pk=contact.pk)
        .values("last_interaction_at", "created_at", "cadence_days")
        .get()
    )
    for name, value in fresh.items():
        setattr(contact, name, value)
    base = contact.last_interaction_at or contact.created_at
    contact.next_due_at = (
        base + datetime.timedelta(days=contact.cadence_days) if contact.cadence_days else None
    )
    contact.follow_up_due_on = FollowUp.objects.filter(
        contact=contact, done_at__isnull=True
    ).aggregate(first=Min("due_on"))["first"]
    candidates = [contact.next_due_at] if contact.next_due_at else []
    if contact.follow_up_due_on:
        candidates.append(
            datetime.datetime.combine(
                contact.follow_up_due_on, datetime.time.min, tzinfo=member_tz(owner)
            )
        )
    contact.attention_at = min(candidates) if candidates else None
    contact.save(update_fields=["next_due_at", "follow_up_due_on", "attention_at"])
    # Every change to a contact, its history or its follow-ups ends here.


def _validate(contact: Contact) -> None:
    if not contact.name:
        raise ContactError(_("Please give the contact's name."))
    if contact.cadence_days is not None and not 1 <= contact.cadence_days <= 3650:
        raise ContactError(_("The keep-in-touch cadence must be between 1 and 3650 days."))


# --- Contacts -------------------------------------------------------------------------------


@transaction.atomic
def contact_create(
    *,
    owner,
    name: str,
    given_name: str = "",
    family_name: str = "",
    email: str = "",
    company: str = "",
    title: str = "",
    tags: Iterable[str] = (),
    how_we_met: str = "",
    linkedin_url: str = "",
    website: str = "",
    notes: str = "",
    cadence_days: int | None = None,
    member=None,
    source: str = Source.MANUAL,
) -> Contact:
    now = timezone.now()
    contact = Contact(
        owner=owner,
        member=member,
        name=name,
        given_name=given_name.strip()[:100],
        family_name=family_name.strip()[:100],
        email=email,
        company=company.strip(),
        title=title.strip(),
        tags=tags_value(tags),
        how_we_met=how_we_met.strip(),
        linkedin_url=linkedin_url.strip(),
        website=website.strip(),
        notes=notes.strip(),
        cadence_days=cadence_days,
        source=source,
        created_at=now,
        updated_at=now,
    )
    _set_keys(contact)
    _validate(contact)
    try:
        with transaction.atomic():
            contact.save()
    except IntegrityError:
        raise ContactError(_("This member is already in your contacts.")) from None
    _refresh_due(contact, owner=owner)
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, owner, **fields) -> Contact:
    _require_owner(contact, owner)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    old_name = contact.name
    for name, value in fields.items():
        if name == "tags":
            value = tags_value(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(contact, name, value)
    if contact.name.strip() != old_name:
        # The parts a source gave were those of the old name.
        contact.given_name = contact.family_name = ""
    _set_keys(contact)
    _validate(contact)
    contact.updated_at = timezone.now()
    contact.save()
    _refresh_due(contact, owner=owner)
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact, owner) -> None:
    _require_owner(contact, owner)
    contact.delete()


# --- Interactions and follow-ups ------------------------------------------------------------


def _after_interaction(contact: Contact, interaction: Interaction, owner) -> None:
    """A logged interaction moves the last-contact date and so restarts the cadence."""
    if contact.last_interaction_at is None or interaction.occurred_at >= (
        contact.last_interaction_at
    ):
        contact.last_interaction = interaction
        contact.last_interaction_at = interaction.occurred_at
        contact.updated_at = timezone.now()
        contact.save(update_fields=["last_interaction", "last_interaction_at", "updated_at"])
    _refresh_due(contact, owner=owner)


@transaction.atomic
def interaction_log(
    *,
    owner,
    contact: Contact,
    kind: str,
    occurred_at: datetime.datetime,
    topics: str = "",
    notes: str = "",
    link: str = "",
    occurrence_key: str = "",
) -> Interaction:
    """Log a message, coffee, call, event or referral; resets the contact's cadence."""
    _require_owner(contact, owner)
    if kind not in InteractionKind.values:
        raise ContactError(_("Please choose what kind of interaction it was."))
    if occurred_at > timezone.now() + FUTURE_TOLERANCE:
        raise ContactError(
            _("An interaction cannot be in the future. Schedule a follow-up instead.")
        )
    if occurred_at < EARLIEST_INTERACTION:
        raise ContactError(_("Please check the date: it must be after 1900."))
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if occurrence_key:
        existing = Interaction.objects.filter(contact=contact, occurrence_key=occurrence_key)
        found = existing.first()
        if found is not None:
            return found
    interaction = Interaction.objects.create(
        contact=contact,
        kind=kind,
        occurred_at=occurred_at,
        topics=topics.strip()[:300],
        notes=notes.strip(),
        link=link.strip()[:300],
        occurrence_key=occurrence_key[:200],
    )
    _after_interaction(contact, interaction, owner)
    return interaction


@transaction.atomic
def follow_up_create(
    *, owner, contact: Contact, topic: str, due_on: datetime.date, occurrence_key: str = ""
) -> FollowUp:
    """Schedule a follow-up that names the topic to come back to."""
    _require_owner(contact, owner)
    if not topic.strip():
        raise ContactError(_("Please name the topic you want to come back to."))
    if occurrence_key:
        found = FollowUp.objects.filter(contact=contact, occurrence_key=occurrence_key).first()
        if found is not None:
            return found
    follow_up = FollowUp.objects.create(
        contact=contact, topic=topic.strip()[:200], due_on=due_on, occurrence_key=occurrence_key
    )
    _refresh_due(contact, owner=owner)
    return follow_up


@transaction.atomic
def follow_up_complete(*, owner, follow_up: FollowUp) -> FollowUp:
    contact = follow_up.contact
    _require_owner(contact, owner)
    if follow_up.done_at is None:
        follow_up.done_at = timezone.now()
        follow_up.save(update_fields=["done_at"])
        _refresh_due(contact, owner=owner)
    return follow_up


# --- Duplicates -----------------------------------------------------------------------------


def _parts_of(contact: Contact, name: str) -> bool:
    """Whether ``contact`` has recorded name parts that are both in ``name``."""
    whole = fold(name)
    parts = [fold(p) for p in (contact.given_name, contact.family_name) if p]
    return bool(parts) and all(p in whole for p in parts)


@transaction.atomic
def contacts_merge(*, owner, keep: Contact, others: Iterable[Contact]) -> Contact:
    """Merge duplicates into ``keep``: move their history, fill blanks, delete them."""
    _require_owner(keep, owner)
    others = [c for c in others if c.pk != keep.pk]
    for other in others:
        _require_owner(other, owner)
    if not others:
        raise ContactError(_("Choose at least one other contact to merge."))
    other_ids = [c.pk for c in others]
    # The same occurrence logged on both sides stays once.
    kept_keys = set(
        Interaction.objects.filter(contact=keep)
        .exclude(occurrence_key="")
        .values_list("occurrence_key", flat=True)
    )
    moving = Interaction.objects.filter(contact_id__in=other_ids)
    moving.filter(occurrence_key__in=kept_keys).delete()
    seen: set[str] = set()
    repeated = []
    for pk, key in moving.exclude(occurrence_key="").values_list("pk", "occurrence_key"):
        if key in seen:
            repeated.append(pk)
        seen.add(key)
    Interaction.objects.filter(pk__in=repeated).delete()
    moving.update(contact=keep)
    kept_follow_keys = set(
        FollowUp.objects.filter(contact=keep)
        .exclude(occurrence_key="")
        .values_list("occurrence_key", flat=True)
    )
    FollowUp.objects.filter(contact_id__in=other_ids, occurrence_key__in=kept_follow_keys).delete()
    FollowUp.objects.filter(contact_id__in=other_ids).update(contact=keep)

    for field in FILLABLE:
        if not getattr(keep, field):
            value = next((getattr(o, field) for o in others if getattr(o, field)), "")
            setattr(keep, field, value)
    if not (keep.given_name or keep.family_name):
        # "Kevin Lin" from LinkedIn tells which part of "Kevin Lin 林凱文" is the family name.
        parts = next((o for o in others if _parts_of(o, keep.name)), None)
        if parts is not None:
            keep.given_name, keep.family_name = parts.given_name, parts.family_name
    keep.tags = tags_value(set(keep.tag_list).union(*(o.tag_list for o in others)))
    if keep.cadence_days is None:
        keep.cadence_days = next((o.cadence_days for o in others if o.cadence_days), None)
    if keep.connected_on is None:
        keep.connected_on = next((o.connected_on for o in others if o.connected_on), None)
    member = keep.member_id or next((o.member_id for o in others if o.member_id), None)
    keep.created_at = min([keep.created_at, *(o.created_at for o in others)])
    Contact.objects.filter(pk__in=other_ids).delete()
    keep.member_id = member
    latest = Interaction.objects.filter(contact=keep).order_by("-occurred_at", "-pk").first()
    keep.last_interaction = latest
    keep.last_interaction_at = latest.occurred_at if latest else None
    _set_keys(keep)
    keep.updated_at = timezone.now()
    keep.save()
    _refresh_due(keep, owner=owner)
    return keep


# --- Reminder digest settings ---------------------------------------------------------------


@transaction.atomic
def reminder_settings_save(*, member, frequency: str) -> ReminderSettings:
    if frequency not in Frequency.values:
        raise ContactError(_("Please choose how often you want the reminder digest."))
    row, _created = ReminderSettings.objects.update_or_create(
        member=member, defaults={"frequency": frequency}
    )
    return row


def reminders_turn_off(*, member) -> None:
    """No more reminder digests (the digest's one-click unsubscribe, ``contacts.apps``)."""
    reminder_settings_save(member=member, frequency=Frequency.OFF)


# Read on every visit of the gone-quiet view: compiled once (guanxi.compiled).
_reminder_settings = CompiledLookup(
    ReminderSettings, lambda member: ReminderSettings.objects.filter(member=member)
)


def reminder_settings_of(member) -> ReminderSettings:
    return _reminder_settings.lookup(member.pk) or ReminderSettings(
        member=member, frequency=Frequency.OFF
    )


# --- Called by other apps -------------------------------------------------------------------


def _contact_for_member(owner, other) -> Contact:
    contact = Contact.objects.filter(owner=owner, member=other).first()
    if contact is not None:
        return contact
    company, title = member_known_work(other)
    return contact_create(
        owner=owner,
        member=other,
        name=other.public_name,
        company=company,
        title=title,
        linkedin_url=other.linkedin_url,
        source=Source.GUANXI,
    )


def relationship_record(
    *, owner, other, kind: str, occurred_at, summary: str = "", topics: str = "", link: str = ""
) -> None:
    """Make sure ``other`` (a member) is in ``owner``'s contacts and log an interaction.

    ``kind`` is one of the interaction kinds ("message", "coffee", "call", "event", "referral").
    Safe to call twice for the same occurrence: it is keyed on kind, time and link.
    """
    if owner is None or other is None or owner.pk == other.pk:
        return None
    with transaction.atomic():
        contact = _contact_for_member(owner, other)
        interaction_log(
            owner=owner,
            contact=contact,
            kind=kind if kind in InteractionKind.values else InteractionKind.MESSAGE,
            occurred_at=occurred_at,
            topics=topics,
            notes=summary,
            link=link,
            occurrence_key=f"{kind}|{occurred_at.isoformat()}|{link}"[:200],
        )
    return None


def action_key(subject: str, pk: int, action: str) -> str:
    """The occurrence key of an automatic follow-up that doing ``action`` closes.

    ``action_key("referral", 12, "thanks")`` is the seeker's "send a thank-you" for request 12:
    the code that suggests the follow-up and the code that does the action both name it so.
    """
    return f"{subject}:{pk}:{action}"


def follow_ups_after_referral(
    *,
    seeker,
    referrer,
    request_pk: int,
    now=None,
    thanks_topic: str = "",
    update_topic: str = "",
    thanked: bool = False,
) -> None:
    """After a referral: remind the seeker to thank the referrer tomorrow and to share the
    outcome in about three weeks (topics in the seeker's language; the caller may word them for
    the kind of ask). No thank-you reminder when the seeker has already thanked."""
    if seeker is None or referrer is None or seeker.pk == referrer.pk:
        return
    today = member_today(seeker, now)
    with transaction.atomic():
        contact = _contact_for_member(seeker, referrer)
        with translation.override(seeker.email_language):
            thanks = thanks_topic or _("Send a thank-you for the referral.")
            update = update_topic or _("Share an update on the outcome of the referral.")
        if not thanked:
            follow_up_create(
                owner=seeker,
                contact=contact,
                topic=thanks,
                due_on=today + datetime.timedelta(days=1),
                occurrence_key=action_key("referral", request_pk, "thanks"),
            )
        follow_up_create(
            owner=seeker,
            contact=contact,
            topic=update,
            due_on=today + datetime.timedelta(days=21),
            occurrence_key=action_key("referral", request_pk, "outcome"),
        )


def follow_ups_done_by_action(*, owner, key: str, now=None) -> int:
    """``owner`` did the action an automatic follow-up was waiting for (``action_key``): close
    that follow-up, in the caller's transaction, and refresh what the contact shows as due.
    Safe to call when there is no such follow-up, or when it is already done."""
    if owner is None:
        return 0
    open_ones = FollowUp.objects.filter(
        contact__owner=owner, occurrence_key=key, done_at__isnull=True
    )
    contacts = list(Contact.objects.filter(pk__in=open_ones.values("contact_id")))
    if not contacts:
        return 0
    closed = open_ones.update(done_at=now or timezone.now())
    for contact in contacts:
        _refresh_due(contact, owner=owner)
    return closed
