"""The reminder digest: who is due for which member, built a batch at a time.

``digests_enqueue_due`` (``manage.py send_digests``) records one ``DigestSent`` row per member
and period and queues one task per batch of new rows; running it twice in the same period
queues nothing new. ``digests_build`` reads everything a batch of digests lists in a fixed
number of queries.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from contacts.models import Contact, DigestSent, FollowUp, Frequency, ReminderSettings
from contacts.selectors import due_for_owners
from contacts.services import member_tz


@dataclass
class DigestItem:
    contact: Contact
    follow_ups: list[FollowUp]
    quiet_since: datetime.datetime | None  # the keep-in-touch date, when it has passed


@dataclass
class Digest:
    member: User
    items: list[DigestItem] = field(default_factory=list)

    @property
    def follow_up_count(self) -> int:
        return sum(len(item.follow_ups) for item in self.items)

    @property
    def quiet_count(self) -> int:
        return sum(1 for item in self.items if item.quiet_since)


def digest_period(member, frequency: str, now: datetime.datetime) -> str:
    """The period a digest covers in the member's own calendar: a day or an ISO week."""
    local = timezone.localtime(now, member_tz(member)).date()
    if frequency == Frequency.WEEKLY:
        year, week, _day = local.isocalendar()
        return f"{year}-W{week:02d}"
    return local.isoformat()


def digests_build(member_ids, *, now=None) -> dict[int, Digest]:
    """The digests of these members: 3 queries for the whole batch (members, contacts with
    their last interaction, open follow-ups)."""
    now = now or timezone.now()
    members = {m.pk: m for m in User.objects.filter(pk__in=list(member_ids), is_active=True)}
    digests = {pk: Digest(member=m) for pk, m in members.items()}
    for contact in due_for_owners(list(members), now=now):
        member = members[contact.owner_id]
        today = timezone.localtime(now, member_tz(member)).date()
        due = [f for f in contact.open_follow_ups if f.due_on <= today]
        quiet = contact.next_due_at if contact.next_due_at and contact.next_due_at <= now else None
        if due or quiet:
            digests[contact.owner_id].items.append(
                DigestItem(contact=contact, follow_ups=due, quiet_since=quiet)
            )
    return digests


BATCH_SIZE = 500


def digests_enqueue_due(*, now=None, batch_size: int = BATCH_SIZE) -> int:
    """Queue today's digests (daily members) and this week's (weekly members). Safe to rerun.

    Members are read in chunks (memory stays flat however many there are) and each chunk of
    new ``DigestSent`` rows becomes ONE task, which builds all its digests in a fixed number
    of queries.
    """
    from contacts.tasks import send_digest_batch

    now = now or timezone.now()
    subscribed = (
        ReminderSettings.objects.exclude(frequency=Frequency.OFF)
        .filter(member__is_active=True)
        .select_related("member")
        .order_by("pk")
    )
    queued = 0
    chunk: list[ReminderSettings] = []
    for setting in subscribed.iterator(chunk_size=batch_size):
        chunk.append(setting)
        if len(chunk) == batch_size:
            queued += _enqueue_chunk(chunk, now, send_digest_batch)
            chunk = []
    if chunk:
        queued += _enqueue_chunk(chunk, now, send_digest_batch)
    return queued


def _enqueue_chunk(chunk, now, task) -> int:
    wanted = {(s.member_id, digest_period(s.member, s.frequency, now)) for s in chunk}
    with transaction.atomic():
        DigestSent.objects.bulk_create(
            [DigestSent(member_id=m, period=p, created_at=now) for m, p in wanted],
            ignore_conflicts=True,
        )
        candidates = DigestSent.objects.select_for_update(skip_locked=True).filter(
            member_id__in={m for m, _p in wanted},
            period__in={p for _m, p in wanted},
            queued_at__isnull=True,
        )
        ids = [r.pk for r in candidates if (r.member_id, r.period) in wanted]
        if ids:
            DigestSent.objects.filter(pk__in=ids).update(queued_at=now)
            task.enqueue(digest_ids=ids)
    return len(ids)
