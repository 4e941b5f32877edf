"""The RFC 5545 check of tests/rfc5545.py: it finds what a calendar application would trip on,
and every calendar file Guanxi makes passes it."""

import pytest

from coffee.calendar import chat_calendar
from coffee.services import coffee_cancel
from coffee.tests.helpers import confirmed_chat
from events.calendar import event_calendar
from events.tests.helpers import make_event
from tests.rfc5545 import assert_valid_icalendar


def _ics(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode()


def _calendar(*inside: str, head=("PRODID:-//Test//EN", "VERSION:2.0")) -> bytes:
    return _ics("BEGIN:VCALENDAR", *head, *inside, "END:VCALENDAR")


EVENT = ("UID:a@test", "DTSTAMP:20300101T000000Z", "DTSTART:20300101T100000Z")
TAIPEI = (
    "BEGIN:VTIMEZONE",
    "TZID:Asia/Taipei",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0800",
    "TZOFFSETTO:+0800",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def _event(*lines: str) -> tuple[str, ...]:
    return ("BEGIN:VEVENT", *lines, "END:VEVENT")


def test_a_valid_calendar_passes():
    cal = assert_valid_icalendar(
        _calendar(
            *TAIPEI,
            *_event(*EVENT, "DTEND:20300101T110000Z", "STATUS:CONFIRMED", "X-ANYTHING:ok"),
            *_event(
                "UID:b@test",
                "DTSTAMP:20300101T000000Z",
                "DTSTART;TZID=Asia/Taipei:20300101T100000",
                "DTEND;TZID=Asia/Taipei:20300101T110000",
            ),
            *_event(
                "UID:c@test",
                "DTSTAMP:20300101T000000Z",
                "DTSTART;VALUE=DATE:20300101",
                "DTEND;VALUE=DATE:20300102",
            ),
        )
    )
    assert len(cal.walk("VEVENT")) == 3


@pytest.mark.parametrize(
    "data, problem",
    [
        (_calendar(*_event(*EVENT), head=("VERSION:2.0",)), "PRODID is required"),
        (_calendar(*_event(*EVENT), head=("PRODID:x", "VERSION:1.0")), "VERSION must be 2.0"),
        (_calendar(), "at least one component"),
        (_calendar(*_event("UID:a", "DTSTART:20300101T100000Z")), "DTSTAMP is required"),
        (_calendar(*_event("DTSTAMP:20300101T000000Z", "DTSTART:20300101")), "UID is required"),
        (_calendar(*_event("UID:a", "DTSTAMP:20300101T000000Z")), "DTSTART is required"),
        (_calendar(*_event("UID:a", "DTSTAMP:20300101T000000")), "DTSTAMP must be in UTC"),
        (_calendar(*_event(*EVENT, "SUMMARY:a", "SUMMARY:b")), "SUMMARY more than once"),
        (_calendar(*_event(*EVENT, "SUMARY:typo")), "SUMARY is neither registered"),
        (_calendar(*_event(*EVENT, "STATUS:DONE")), "STATUS DONE is not allowed"),
        (_calendar(*_event(*EVENT, "DTEND:20300101T090000Z")), "ends before it starts"),
        (
            _calendar(*_event(*EVENT, "DTEND:20300101T110000Z", "DURATION:PT1H")),
            "DTEND and DURATION together",
        ),
        (
            _calendar(*_event(*EVENT, "DTEND;VALUE=DATE:20300102")),
            "not both dates or both date-times",
        ),
        (
            _calendar(
                *_event(
                    "UID:a",
                    "DTSTAMP:20300101T000000Z",
                    "DTSTART;TZID=Asia/Taipei:20300101T100000",
                )
            ),
            "TZID Asia/Taipei is used but no VTIMEZONE defines it",
        ),
        (
            _calendar("BEGIN:VTIMEZONE", "TZID:Asia/Taipei", "END:VTIMEZONE", *_event(*EVENT)),
            "needs a STANDARD or DAYLIGHT rule",
        ),
        (
            _calendar(
                *[line for line in TAIPEI if not line.startswith("TZOFFSETTO")], *_event(*EVENT)
            ),
            "TZOFFSETTO is required",
        ),
        (_calendar(*_event(*EVENT), *_event(*EVENT)), "the UID is used twice"),
        (_calendar(*_event(*EVENT, "DESCRIPTION:" + "x" * 80)), "longer than 75 octets"),
        (b"BEGIN:VCALENDAR\nPRODID:x\nVERSION:2.0\nEND:VCALENDAR\n", "CRLF"),
    ],
)
def test_each_fault_is_found(data, problem):
    with pytest.raises(AssertionError, match=problem):
        assert_valid_icalendar(data)


def test_the_coffee_invitation_and_its_cancellation_pass(alice, bob):
    chat = confirmed_chat(alice, bob)
    assert_valid_icalendar(chat_calendar(chat, viewer=alice))
    coffee_cancel(chat=chat, member=bob)
    chat.refresh_from_db()
    cal = assert_valid_icalendar(chat_calendar(chat, viewer=bob))
    assert cal["METHOD"] == "CANCEL"


def test_the_event_file_passes(db):
    assert_valid_icalendar(event_calendar(make_event()))
