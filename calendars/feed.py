"""A member's calendar feed: what Google Calendar, Apple Calendar and Outlook show when they
subscribe to the member's secret address (docs/architecture.md, "Calendar feed").

Built in the active language and time zone (the view activates the member's), from five
queries whatever the number of items:

- coffee chats with a chosen time, as the chat's own event (``coffee.calendar.chat_vevent``,
  the same UID as the e-mailed invitation); a cancelled one stays, STATUS:CANCELLED, and one
  whose time is being chosen again leaves the feed until the new time is confirmed;
- the events the member said yes to (``events.calendar.event_vevent``); a cancelled event stays,
  STATUS:CANCELLED; an event the member no longer goes to leaves the feed;
- open follow-ups of the member's contacts, as all-day events on their day; done, they leave;
- the deadlines of open referral requests, as all-day events on the day they fall: the
  seeker's (when the request expires, or when their answer to a question is due) and the
  referrer's (when a request waiting for them needs a decision). Decided, withdrawn or expired,
  a request has no deadline and its event leaves the feed.

All-day events, not VTODOs: Google Calendar ignores the VTODOs of a subscribed calendar. Every
event carries a UID that never changes, a SEQUENCE that grows with each change, and DTSTAMP and
LAST-MODIFIED of its last change, so the same data always gives the same bytes (an ETag) and a
calendar replaces what it holds on its next refresh.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import icalendar
from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import member_name
from coffee.calendar import chat_vevent
from coffee.models import CoffeeChat
from coffee.models import Status as ChatStatus
from coffee.selectors import chats_for
from contacts.models import FollowUp
from events.calendar import event_vevent
from events.models import Event, RsvpStatus
from guanxi import formats
from referrals.models import AWAITING_REFERRER, OPEN_STATUSES, ReferralRequest, Status
from referrals.selectors import requests_for_referrer, requests_for_seeker

PRODID = "-//Guanxi//Calendar feed//EN"
# How often a calendar should read the feed again (RFC 7986 REFRESH-INTERVAL, and Outlook's
# X-PUBLISHED-TTL). Google Calendar decides for itself, every few hours.
REFRESH = timedelta(hours=1)
# Coffee chats and events that ended longer ago leave the feed.
PAST = timedelta(days=365)
# The most items of each kind a feed lists (the latest coffee chats and events, the earliest
# follow-ups and deadlines).
MOST = 500


@dataclass(frozen=True)
class FeedItems:
    chats: list[CoffeeChat]
    events: list[Event]
    follow_ups: list[FollowUp]
    asked: list[ReferralRequest]  # the member's own open requests, as the seeker
    received: list[ReferralRequest]  # open requests waiting for the member, as the referrer


def feed_items(member, *, now: datetime) -> FeedItems:
    """What the member's feed lists: five queries, through the selectors scoped to the member."""
    since = now - PAST
    chats = (
        chats_for(member)
        .filter(
            status__in=[ChatStatus.CONFIRMED, ChatStatus.HAPPENED, ChatStatus.CANCELLED],
            confirmed_at__isnull=False,
            starts_at__gte=since,
        )
        .order_by("-starts_at", "-pk")[:MOST]
    )
    events = Event.objects.filter(
        rsvps__member=member,
        rsvps__status=RsvpStatus.GOING,
        is_published=True,
        ends_at__gte=since,
    ).order_by("-starts_at", "-pk")[:MOST]
    follow_ups = (
        FollowUp.objects.filter(contact__owner=member, done_at__isnull=True)
        .select_related("contact")
        .order_by("due_on", "pk")[:MOST]
    )
    # A request's SEQUENCE is the number of steps on its timeline after the first: every change
    # of its state (and so of its deadline) adds one, and none is ever removed.
    asked = (
        requests_for_seeker(member)
        .select_related(None)
        .select_related("company", "channel__referrer")
        .filter(status__in=OPEN_STATUSES, expires_at__isnull=False)
        .annotate(steps=Count("events"))
        .order_by("expires_at", "pk")[:MOST]
    )
    received = (
        requests_for_referrer(member)
        .select_related(None)
        .select_related("company", "seeker")
        .filter(status__in=AWAITING_REFERRER, expires_at__isnull=False)
        .annotate(steps=Count("events"))
        .order_by("expires_at", "pk")[:MOST]
    )
    return FeedItems(
        chats=list(chats),
        events=list(events),
        follow_ups=list(follow_ups),
        asked=list(asked),
        received=list(received),
    )


def _all_day(
    *,
    uid: str,
    day: date,
    summary: str,
    lines: list[str],
    url: str,
    sequence: int,
    modified: datetime,
) -> icalendar.Event:
    """A reminder on one day: all day, free time (it blocks nothing in a calendar)."""
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("sequence", max(sequence, 0))
    event.add("dtstamp", modified.astimezone(UTC))
    event.add("last-modified", modified.astimezone(UTC))
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", "\n".join([*lines, url]))
    event.add("url", url)
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    return event


def _cancelled_marked(event: icalendar.Event) -> icalendar.Event:
    """A cancelled chat or event says so in its title too: Apple Calendar and Outlook show it,
    and not every calendar marks STATUS:CANCELLED."""
    if event.get("status") == "CANCELLED":
        summary = str(event.pop("summary"))
        event.add("summary", _("Cancelled: %(summary)s") % {"summary": summary})
    return event


def _follow_up(follow_up: FollowUp) -> icalendar.Event:
    contact = follow_up.contact
    return _all_day(
        uid=f"follow-up-{follow_up.pk}@guanxi",
        day=follow_up.due_on,
        summary=_("Follow up with %(name)s: %(topic)s")
        % {"name": contact.name, "topic": follow_up.topic},
        lines=[
            _("A follow-up you planned in your Guanxi contacts."),
            _("Mark it done, or see what you talked about last time:"),
        ],
        url=settings.SITE_URL + contact.get_absolute_url(),
        sequence=0,  # a follow-up's day and topic never change; done, it leaves the feed
        modified=max(follow_up.created_at, contact.updated_at),
    )


def _asked(request: ReferralRequest) -> icalendar.Event:
    """The seeker's deadline: their answer to the referrer's question, or the request's expiry."""
    names = {
        "name": member_name(request.channel.referrer),
        "position": request.position_title,
        "company": request.company.display_name,
        "when": formats.when(request.expires_at, "weekday_time"),
    }
    if request.status == Status.NEEDS_INFO:
        summary = _("Last day to answer %(name)s's question: %(position)s at %(company)s")
        line = _(
            "%(name)s needs more information before deciding. Answer by %(when)s, or the "
            "request expires."
        )
    else:
        summary = _("Last day of your request to %(name)s: %(position)s at %(company)s")
        line = _(
            "If %(name)s has not answered by %(when)s, your request expires and we suggest "
            "another referrer."
        )
    return _all_day(
        uid=f"request-{request.pk}-seeker@guanxi",
        day=timezone.localdate(request.expires_at),
        summary=summary % names,
        lines=[line % names, _("Your request:")],
        url=settings.SITE_URL + request.get_absolute_url(),
        sequence=request.steps - 1,
        modified=request.updated_at,
    )


def _received(request: ReferralRequest) -> icalendar.Event:
    """The referrer's deadline: decide before the request expires."""
    names = {
        "name": member_name(request.seeker),
        "position": request.position_title,
        "company": request.company.display_name,
        "when": formats.when(request.expires_at, "weekday_time"),
    }
    return _all_day(
        uid=f"request-{request.pk}-referrer@guanxi",
        day=timezone.localdate(request.expires_at),
        summary=_("Last day to answer %(name)s: %(position)s at %(company)s") % names,
        lines=[
            _(
                "If you have not referred, asked a question or declined by %(when)s, the "
                "request expires and %(name)s is offered another referrer."
            )
            % names,
            _("Decide in your referral inbox:"),
        ],
        url=settings.SITE_URL + request.get_inbox_url(),
        sequence=request.steps - 1,
        modified=request.updated_at,
    )


def feed_calendar(member, *, now: datetime | None = None) -> bytes:
    """The member's feed as an iCalendar file (RFC 5545, with RFC 7986's name and refresh
    interval): a published calendar, so no METHOD."""
    now = now or timezone.now()
    items = feed_items(member, now=now)
    components = [
        *(_cancelled_marked(chat_vevent(c, viewer=member, in_feed=True)) for c in items.chats),
        *(_cancelled_marked(event_vevent(e, in_feed=True)) for e in items.events),
        *(_follow_up(f) for f in items.follow_ups),
        *(_asked(r) for r in items.asked),
        *(_received(r) for r in items.received),
    ]
    zone = timezone.get_current_timezone_name()
    name = _("%(name)s's Guanxi calendar") % {"name": member_name(member)}
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    description = _(
        "Your coffee chats, the events you go to, your follow-ups and the deadlines of your "
        "referral requests, from Guanxi. This calendar's address is private: do not share it."
    )
    cal.add("x-wr-caldesc", description)
    cal.add("x-wr-timezone", zone)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", icalendar.vDuration(REFRESH).to_ical().decode())
    for component in components:
        cal.add_component(component)
    # One VTIMEZONE for each zone a time names, valid over the times the feed holds; a feed
    # with nothing in it still holds its member's zone (RFC 5545 wants one component at least).
    times = [c.decoded("dtstart") for c in components if isinstance(c.decoded("dtstart"), datetime)]
    times += [c.decoded("dtend") for c in components if isinstance(c.decoded("dtstart"), datetime)]
    # Whole years, so the bytes change only when the data do.
    first = date(min([*times, now]).year - 1, 1, 1)
    last = date(max([*times, now]).year + 2, 1, 1)
    cal.add_missing_timezones(first_date=first, last_date=last)
    if not cal.subcomponents:
        cal.add_component(icalendar.Timezone.from_tzid(zone, first_date=first, last_date=last))
    return cal.to_ical()
