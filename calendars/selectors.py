"""Reads of calendar feeds: a member's own feed and its addresses, and the feed an address
names."""

from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.urls import reverse

from calendars.models import CalendarFeed

SALT = "calendars.feed"
# "." is not in the key's URL-safe alphabet, nor in the signature's.
SEPARATOR = "."


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT, sep=SEPARATOR)


def feed_token(feed: CalendarFeed) -> str:
    """The secret part of the feed's address: its key and an HMAC-SHA256 of it made with the
    site's SECRET_KEY. Always the same for the same key, so the profile can show it again."""
    return _signer().sign(feed.key)


@dataclass(frozen=True)
class FeedAddress:
    """What the profile shows of a member's feed."""

    feed: CalendarFeed
    https: str  # to paste into a calendar application ("From URL", "Subscribe from web")
    webcal: str  # opens the subscription in the device's calendar application
    google: str  # Google Calendar's own "add this calendar by its address" page


def feed_address(feed: CalendarFeed) -> FeedAddress:
    https = settings.SITE_URL + reverse("calendars:feed", args=[feed_token(feed)])
    webcal = "webcal://" + https.split("://", 1)[1]
    google = "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe="")
    return FeedAddress(feed=feed, https=https, webcal=webcal, google=google)


def feed_address_of(member) -> FeedAddress | None:
    """The member's own feed, or None while they have not turned it on."""
    feed = CalendarFeed.objects.filter(member=member).first()
    return feed_address(feed) if feed is not None else None


def feed_by_token(token: str) -> CalendarFeed | None:
    """The feed ``token`` names, with its member, or None: a token not signed by this site is
    refused before any query, and one whose key was reset finds no row."""
    try:
        key = _signer().unsign(token)
    except signing.BadSignature:
        return None
    return CalendarFeed.objects.select_related("member").filter(key=key).first()
