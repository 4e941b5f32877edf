"""The iCalendar (.ics) file of an event, in the active language and time zone."""

from datetime import UTC, timedelta

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Event

PRODID = "-//Guanxi//Community events//EN"


def event_method(event: Event) -> str:
    """PUBLISH, or CANCEL once the event is cancelled: calendars then remove it (same UID,
    higher SEQUENCE)."""
    return "CANCEL" if event.cancelled_at is not None else "PUBLISH"


def event_vevent(event: Event, *, in_feed: bool = False) -> icalendar.Event:
    """The event as one VEVENT, in the active language and time zone: stamped now in the file a
    member downloads or is e-mailed, and when it last changed in a calendar feed (a published
    calendar without METHOD, ``calendars.feed``)."""
    tz = timezone.get_current_timezone()
    start, end = event.starts_at.astimezone(tz), event.ends_at.astimezone(tz)
    url = settings.SITE_URL + event.get_absolute_url()
    cancelled = event.cancelled_at is not None
    lines = [_("This event is cancelled.")] if cancelled else []
    lines += [
        _("A Guanxi community event: %(kind)s.") % {"kind": event.get_kind_display()},
        _("Language: %(language)s") % {"language": event.get_language_display()},
    ]
    if event.description:
        lines.append(event.description)
    if event.online_link:
        lines.append(_("Online link: %(link)s") % {"link": event.online_link})
    lines.append(_("Details: %(url)s") % {"url": url})

    modified = event.updated_at.astimezone(UTC)
    ical_event = icalendar.Event()
    ical_event.add("uid", event.uid)
    ical_event.add("sequence", event.sequence)
    ical_event.add("dtstamp", modified if in_feed else timezone.now().astimezone(UTC))
    ical_event.add("last-modified", modified)
    ical_event.add("dtstart", start)
    ical_event.add("dtend", end)
    ical_event.add("summary", event.title)
    ical_event.add("description", "\n\n".join(lines))
    if event.location:
        ical_event.add("location", event.location)
    ical_event.add("url", url)
    ical_event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return ical_event


def event_calendar(event: Event) -> bytes:
    ical_event = event_vevent(event)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", event_method(event))
    cal.add_component(ical_event)
    cal.add_missing_timezones(
        first_date=(ical_event.decoded("dtstart") - timedelta(days=366)).date(),
        last_date=(ical_event.decoded("dtend") + timedelta(days=366)).date(),
    )
    return cal.to_ical()


def notification_attachment(*, notification) -> tuple[str, bytes, str]:
    """The .ics attached to the RSVP e-mail (see notifications.tasks)."""
    event = Event.objects.get(pk=notification.object_id)
    return "event.ics", event_calendar(event), "text/calendar"
