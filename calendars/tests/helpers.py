"""Calendar feed test helpers: read a member's feed as a calendar application does."""

import icalendar
from django.test import Client
from django.urls import reverse

from calendars.selectors import feed_token
from calendars.services import calendar_feed_start
from tests.rfc5545 import assert_valid_icalendar


def feed_path(member) -> str:
    """The path of the member's feed (turned on if it was off)."""
    return reverse("calendars:feed", args=[feed_token(calendar_feed_start(member=member))])


def read_feed(member, client: Client | None = None) -> icalendar.Calendar:
    """The member's feed as a calendar application reads it (no session), checked against
    RFC 5545."""
    response = (client or Client()).get(feed_path(member))
    assert response.status_code == 200, response.status_code
    return assert_valid_icalendar(response.content)


def by_uid(cal: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(event["UID"]): event for event in cal.walk("VEVENT")}


def summaries(cal: icalendar.Calendar) -> list[str]:
    return sorted(str(event["SUMMARY"]) for event in cal.walk("VEVENT"))
