"""Coffee chat test data, made through the real services.

Fixed instants far in the future keep the time zone arithmetic readable:
SLOT_A = 2030-05-01 02:00 UTC = 10:00 in Taipei = 2030-04-30 19:00 in Los Angeles.
"""

from datetime import UTC, datetime

import icalendar
from django.core import mail

from coffee.models import Mode
from coffee.services import coffee_confirm, coffee_propose

SLOT_A = datetime(2030, 5, 1, 2, 0, tzinfo=UTC)
SLOT_B = datetime(2030, 5, 2, 9, 30, tzinfo=UTC)
SLOT_C = datetime(2030, 5, 8, 1, 0, tzinfo=UTC)
PLACE = "Café Nomad, 12 Main Street"
LINK = "https://meet.example.com/abc-defg-hij"
GOAL = "Advice on moving from QA to backend engineering"


def set_prefs(user, *, time_zone: str, language: str):
    user.time_zone = time_zone
    user.language = language
    user.save(update_fields=["time_zone", "language"])
    return user


def propose(proposer, invitee, *, mode=Mode.IN_PERSON, slots=(SLOT_A, SLOT_B), goal=GOAL):
    return coffee_propose(
        proposer=proposer, invitee=invitee, goal=goal, mode=mode, slots=list(slots)
    )


def confirm(chat, *, member=None, starts_at=SLOT_A, place=PLACE, link=LINK):
    member = member or chat.invitee
    slot = chat.slots.get(starts_at=starts_at)
    return coffee_confirm(chat=chat, member=member, slot_id=slot.pk, place=place, meeting_link=link)


def confirmed_chat(proposer, invitee, **kwargs):
    return confirm(propose(proposer, invitee, **kwargs))


def invitations() -> dict[str, tuple]:
    """{recipient e-mail: (message, parsed calendar)} of the sent e-mails with an .ics."""
    found = {}
    for message in mail.outbox:
        for filename, content, mimetype in message.attachments:
            if filename.endswith(".ics"):
                assert mimetype.startswith("text/calendar")
                found[message.to[0]] = (message, icalendar.Calendar.from_ical(content))
    return found


def vevent(cal) -> icalendar.Event:
    (event,) = cal.events
    return event
