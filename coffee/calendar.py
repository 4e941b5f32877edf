"""The iCalendar (.ics) invitation of a coffee chat, built for one participant.

Built in the active language and time zone: the e-mail task activates the recipient's, the
download view the requester's. The UID never changes and SEQUENCE grows with every change, so
calendar applications update (or, with METHOD:CANCEL, remove) the event they already hold.

Neither participant's e-mail address is put in the file for the other one: the organiser is
the platform's no-reply address (with the proposer's name) and the other participant appears by
name only.

``chat_vevent`` builds the event itself: the invitation wraps it in a calendar with a METHOD,
and a member's calendar feed (``calendars.feed``) lists it without the people, as published
calendars do.
"""

import uuid
from datetime import UTC, timedelta
from email.utils import parseaddr

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import member_name
from coffee.models import CoffeeChat, Mode, Status

PRODID = "-//Guanxi//Coffee chats//EN"


def _member_address(user, viewer) -> icalendar.vCalAddress:
    if user is not None and user.pk == viewer.pk:
        address = icalendar.vCalAddress(f"mailto:{user.email}")
    else:
        pk = user.pk if user is not None else 0
        token = uuid.uuid5(uuid.NAMESPACE_URL, f"guanxi:member:{pk}")
        address = icalendar.vCalAddress(f"urn:uuid:{token}")
    address.params["CN"] = member_name(user)
    address.params["ROLE"] = "REQ-PARTICIPANT"
    address.params["PARTSTAT"] = "ACCEPTED"
    return address


def chat_method(chat: CoffeeChat) -> str:
    return "CANCEL" if chat.status == Status.CANCELLED else "REQUEST"


def chat_vevent(chat: CoffeeChat, *, viewer, in_feed: bool = False) -> icalendar.Event:
    """The chat as one VEVENT for ``viewer`` (one of the two participants), in the active
    language and time zone.

    An invitation (``in_feed=False``) names the organiser and both participants and is stamped
    now (RFC 5546); in a feed, a published calendar without METHOD, it carries no people and is
    stamped when the chat last changed, as RFC 5545 asks there.
    """
    if chat.starts_at is None:
        raise ValueError("A coffee chat has a calendar entry only once a time is chosen.")
    tz = timezone.get_current_timezone()
    other = chat.other(viewer)
    name = member_name(other)
    start = chat.starts_at.astimezone(tz)
    cancelled = chat.status == Status.CANCELLED

    lines = []
    if cancelled:
        lines.append(_("This coffee chat was cancelled."))
    lines.append(_("A coffee chat with %(name)s, arranged on Guanxi.") % {"name": name})
    lines.append(_("Goal: %(goal)s") % {"goal": chat.goal})
    if chat.mode == Mode.ONLINE and chat.meeting_link:
        lines.append(_("Meeting link: %(link)s") % {"link": chat.meeting_link})
    elif chat.place:
        lines.append(_("Place: %(place)s") % {"place": chat.place})
    url = settings.SITE_URL + chat.get_absolute_url()
    lines.append(_("Details and changes: %(url)s") % {"url": url})

    modified = chat.updated_at.astimezone(UTC)
    event = icalendar.Event()
    event.add("uid", chat.uid)
    event.add("sequence", chat.sequence)
    event.add("dtstamp", modified if in_feed else timezone.now().astimezone(UTC))
    event.add("last-modified", modified)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=chat.duration_minutes))
    event.add("summary", _("Coffee chat with %(name)s") % {"name": name})
    event.add("description", "\n".join(lines))
    if chat.location:
        event.add("location", chat.location)
    event.add("url", url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if not in_feed:
        organizer = icalendar.vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
        organizer.params["CN"] = member_name(chat.proposer)
        event.add("organizer", organizer)
        for person in (chat.proposer, chat.invitee):
            event.add("attendee", _member_address(person, viewer))
    return event


def chat_calendar(chat: CoffeeChat, *, viewer) -> bytes:
    """The invitation as ``viewer`` (one of the two participants) should receive it."""
    event = chat_vevent(chat, viewer=viewer)
    start = event.decoded("dtstart")
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", chat_method(chat))
    cal.add_component(event)
    cal.add_missing_timezones(
        first_date=(start - timedelta(days=366)).date(),
        last_date=(start + timedelta(days=366)).date(),
    )
    return cal.to_ical()


def notification_attachment(*, notification) -> tuple[str, bytes, str]:
    """The e-mail attachment of a coffee notification (see notifications.tasks)."""
    chat = CoffeeChat.objects.select_related("proposer", "invitee").get(pk=notification.object_id)
    return "coffee-chat.ics", chat_calendar(chat, viewer=notification.recipient), "text/calendar"
