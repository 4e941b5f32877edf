"""The reminder digest: who is due for which member, built a batch at a time.

``digests_build`` reads everything a batch of digests lists in a fixed number of queries;
``digest_period`` names the day or week a digest covers. ``contacts.tasks`` queues and sends
them.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.models import User
from contacts.models import Contact, FollowUp, Frequency
from contacts.selectors import due_for_owners
from contacts.services import member_tz

# The digest's name in its one-click unsubscribe link (notifications.unsubscribe).
DIGEST_EMAILS = "digest"


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
