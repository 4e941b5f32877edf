"""Every write of a calendar feed: turn it on, give it a new address, turn it off, note a read."""

import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from calendars.models import CalendarFeed

# The key: 16 random bytes (128 bits), URL-safe base64. The address adds its signature.
KEY_BYTES = 16
# A feed's last read is written at most this often: calendars poll, the database need not know
# each time.
FETCH_PRECISION = timedelta(minutes=15)


def _new_key() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


@transaction.atomic
def calendar_feed_start(*, member) -> CalendarFeed:
    """Turn the member's feed on; if it is already on, its address stays the same."""
    feed, _created = CalendarFeed.objects.get_or_create(member=member, defaults={"key": _new_key()})
    return feed


@transaction.atomic
def calendar_feed_reset(*, member, now: datetime | None = None) -> CalendarFeed:
    """A new address for the member's feed (turned on if it was off): the old one is dead at
    once, for every calendar that subscribed to it."""
    feed = CalendarFeed.objects.select_for_update().filter(member=member).first()
    if feed is None:
        return calendar_feed_start(member=member)
    feed.key = _new_key()
    feed.created_at = now or timezone.now()
    feed.fetched_at = None
    feed.save(update_fields=["key", "created_at", "fetched_at"])
    return feed


def calendar_feed_stop(*, member) -> None:
    """Turn the feed off: its address is a 404 from now on."""
    CalendarFeed.objects.filter(member=member).delete()


def calendar_feed_read(*, feed: CalendarFeed, now: datetime | None = None) -> None:
    """Note that a calendar read the feed, at most once per FETCH_PRECISION (a conditional
    update, so two readers at once write once)."""
    now = now or timezone.now()
    if feed.fetched_at is not None and feed.fetched_at > now - FETCH_PRECISION:
        return
    CalendarFeed.objects.filter(
        Q(fetched_at__isnull=True) | Q(fetched_at__lte=now - FETCH_PRECISION), pk=feed.pk
    ).update(fetched_at=now)
    feed.fetched_at = now
