"""What a member's feed lists, in their language and time zone, and how changes reach it."""

import datetime
import zoneinfo
from datetime import UTC, date, timedelta

import pytest
import time_machine
from django.utils import translation
from django.utils.translation import gettext

from calendars.tests.helpers import by_uid, feed_path, read_feed, summaries
from coffee.services import coffee_cancel, coffee_reschedule
from coffee.tests.helpers import (
    GOAL,
    PLACE,
    SLOT_B,
    SLOT_C,
    confirm,
    confirmed_chat,
    propose,
    set_prefs,
)
from conftest import make_request
from contacts.services import contact_create, follow_up_complete, follow_up_create
from events.models import RsvpStatus
from events.services import event_rsvp, event_save, events_member_leaving
from events.tests.helpers import STARTS, make_event
from referrals.services import (
    referral_answer_info,
    referral_ask_for_info,
    referral_decline,
    referral_withdraw,
)

TAIPEI = zoneinfo.ZoneInfo("Asia/Taipei")


def _t(language: str, msgid: str, **values) -> str:
    with translation.override(language):
        return gettext(msgid) % values if values else gettext(msgid)


def _event_of(cal, prefix: str):
    (found,) = [e for e in cal.walk("VEVENT") if str(e["UID"]).startswith(prefix)]
    return found


# --- What it lists ------------------------------------------------------------------------------


def test_a_confirmed_coffee_chat_is_the_chats_own_event_without_the_people(alice, bob):
    chat = confirmed_chat(alice, bob)
    event = by_uid(read_feed(alice))[chat.uid]  # the invitation's UID: the same event
    assert str(event["SUMMARY"]) == "Coffee chat with Bob Chen"
    assert GOAL in str(event["DESCRIPTION"])
    assert str(event["LOCATION"]) == PLACE
    assert event["STATUS"] == "CONFIRMED"
    assert event["SEQUENCE"] == chat.sequence
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=30)
    # A published calendar: no organiser or attendees, and nobody's e-mail address.
    assert "ORGANIZER" not in event and "ATTENDEE" not in event
    assert b"@example.com" not in read_feed(alice).to_ical()
    chat.refresh_from_db()
    assert event.decoded("LAST-MODIFIED") == chat.updated_at.replace(microsecond=0)
    assert event.decoded("DTSTAMP") == event.decoded("LAST-MODIFIED")
    # The other participant sees it from their side.
    assert str(by_uid(read_feed(bob))[chat.uid]["SUMMARY"]) == "Coffee chat with Alice Lin"


def test_a_proposed_chat_is_not_in_the_feed(alice, bob):
    chat = propose(alice, bob)
    assert chat.uid not in by_uid(read_feed(alice))
    assert chat.uid not in by_uid(read_feed(bob))


def test_the_events_a_member_goes_to(alice, bob):
    going, not_going, unanswered = make_event(), make_event(title="Other"), make_event(title="X")
    event_rsvp(event=going, member=alice, status=RsvpStatus.GOING)
    event_rsvp(event=not_going, member=alice, status=RsvpStatus.NOT_GOING)
    event_rsvp(event=unanswered, member=bob, status=RsvpStatus.GOING)
    events = by_uid(read_feed(alice))
    assert set(events) == {going.uid}
    event = events[going.uid]
    assert str(event["SUMMARY"]) == going.title
    assert event.decoded("DTSTART") == STARTS
    assert "Taipei Innovation Hub" in str(event["LOCATION"])


def test_follow_ups_are_all_day_reminders_until_done(alice):
    contact = contact_create(owner=alice, name="Grace Hsu", company="Globex")
    follow_up = follow_up_create(
        owner=alice, contact=contact, topic="Her new team", due_on=date(2030, 3, 4)
    )
    event = by_uid(read_feed(alice))[f"follow-up-{follow_up.pk}@guanxi"]
    assert str(event["SUMMARY"]) == "Follow up with Grace Hsu: Her new team"
    assert event["DTSTART"].params.get("VALUE") == "DATE"
    assert event.decoded("DTSTART") == date(2030, 3, 4)
    assert event.decoded("DTEND") == date(2030, 3, 5)
    assert event["TRANSP"] == "TRANSPARENT"  # a reminder does not make the member busy
    assert contact.get_absolute_url() in str(event["URL"])

    follow_up_complete(owner=alice, follow_up=follow_up)
    assert f"follow-up-{follow_up.pk}@guanxi" not in by_uid(read_feed(alice))


def test_a_seekers_request_shows_the_day_it_expires(alice, channel):
    referral = make_request(alice, channel, position_title="Backend engineer")
    event = by_uid(read_feed(alice))[f"request-{referral.pk}-seeker@guanxi"]
    assert str(event["SUMMARY"]) == (
        "Last day of your request to Bob Chen: Backend engineer at Acme Semiconductor"
    )
    assert event.decoded("DTSTART") == referral.expires_at.astimezone(TAIPEI).date()
    assert event["DTSTART"].params.get("VALUE") == "DATE"
    assert referral.get_absolute_url() in str(event["URL"])
    assert "we suggest another referrer" in str(event["DESCRIPTION"])


def test_a_question_from_the_referrer_is_the_seekers_deadline_to_answer(alice, bob, channel):
    referral = make_request(alice, channel)
    referral_ask_for_info(request=referral, referrer=bob, question="Which team?")
    referral.refresh_from_db()
    event = by_uid(read_feed(alice))[f"request-{referral.pk}-seeker@guanxi"]
    assert str(event["SUMMARY"]).startswith("Last day to answer Bob Chen's question")
    assert event.decoded("DTSTART") == referral.expires_at.astimezone(TAIPEI).date()
    # While the seeker has to answer, the referrer has no deadline.
    assert f"request-{referral.pk}-referrer@guanxi" not in by_uid(read_feed(bob))


def test_a_referrer_sees_when_a_request_needs_an_answer(alice, bob, channel):
    referral = make_request(alice, channel, position_title="Data engineer")
    event = by_uid(read_feed(bob))[f"request-{referral.pk}-referrer@guanxi"]
    assert str(event["SUMMARY"]) == (
        "Last day to answer Alice Lin: Data engineer at Acme Semiconductor"
    )
    assert event.decoded("DTSTART") == referral.expires_at.astimezone(TAIPEI).date()
    assert referral.get_inbox_url() in str(event["URL"])
    # Nothing of it is the seeker's page, and the seeker's own deadline is not in bob's feed.
    assert referral.get_absolute_url() not in str(event["DESCRIPTION"])
    assert f"request-{referral.pk}-seeker@guanxi" not in by_uid(read_feed(bob))


def test_an_empty_feed_is_still_a_valid_calendar(alice):
    cal = read_feed(alice)
    assert list(cal.walk("VEVENT")) == []
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Taipei"]


def test_the_calendar_says_whose_it_is_and_how_often_to_read_it(alice):
    cal = read_feed(alice)
    assert str(cal["X-WR-CALNAME"]) == "Alice Lin's Guanxi calendar"
    assert str(cal["NAME"]) == "Alice Lin's Guanxi calendar"
    assert str(cal["X-WR-TIMEZONE"]) == "Asia/Taipei"
    assert cal["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert cal.decoded("REFRESH-INTERVAL") == timedelta(hours=1)
    assert str(cal["X-PUBLISHED-TTL"]) == "PT1H"
    assert "METHOD" not in cal  # a published calendar, not an invitation


# --- Language and time zone ---------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_everything_is_in_the_members_language(alice, bob, channel, language):
    set_prefs(alice, time_zone="Asia/Taipei", language=language)
    confirmed_chat(alice, bob)
    contact = contact_create(owner=alice, name="Grace Hsu")
    follow_up_create(owner=alice, contact=contact, topic="Her new team", due_on=date(2030, 3, 4))
    make_request(alice, channel, position_title="Backend engineer")
    cal = read_feed(alice)
    with translation.override(language):
        company = channel.company.display_name
    assert summaries(cal) == sorted(
        [
            _t(language, "Coffee chat with %(name)s", name="Bob Chen"),
            _t(
                language,
                "Follow up with %(name)s: %(topic)s",
                name="Grace Hsu",
                topic="Her new team",
            ),
            _t(
                language,
                "Last day of your request to %(name)s: %(position)s at %(company)s",
                name="Bob Chen",
                position="Backend engineer",
                company=company,
            ),
        ]
    )
    assert str(cal["X-WR-CALNAME"]) == _t(language, "%(name)s's Guanxi calendar", name="Alice Lin")
    descriptions = " ".join(str(e["DESCRIPTION"]) for e in cal.walk("VEVENT"))
    assert _t(language, "A follow-up you planned in your Guanxi contacts.") in descriptions
    if language == "zh-hant":
        assert "與Bob Chen咖啡聊聊" in summaries(cal)
        assert "愛客美半導體" in descriptions + " ".join(summaries(cal))
        assert "Coffee chat" not in descriptions + " ".join(summaries(cal))
    else:
        assert "咖啡" not in descriptions + " ".join(summaries(cal))


def test_the_feed_is_in_the_members_language_not_the_readers(client, alice, bob):
    set_prefs(alice, time_zone="Asia/Taipei", language="zh-hant")
    confirmed_chat(alice, bob)
    response = client.get(feed_path(alice), HTTP_ACCEPT_LANGUAGE="en")
    assert "與Bob Chen咖啡聊聊" in response.content.decode()
    assert response["Content-Language"] == "zh-hant"


def test_a_coffee_chat_at_19_in_taipei_is_11_utc(alice, bob):
    set_prefs(alice, time_zone="Asia/Taipei", language="en")
    taipei_seven_pm = datetime.datetime(2030, 5, 2, 19, 0, tzinfo=TAIPEI)
    chat = confirm(propose(alice, bob, slots=(taipei_seven_pm, SLOT_C)), starts_at=taipei_seven_pm)
    cal = read_feed(alice)
    event = by_uid(cal)[chat.uid]
    assert event["DTSTART"].params["TZID"] == "Asia/Taipei"
    assert event["DTSTART"].to_ical() == b"20300502T190000"
    start = event.decoded("DTSTART")
    assert start.astimezone(UTC) == datetime.datetime(2030, 5, 2, 11, 0, tzinfo=UTC)
    (zone,) = cal.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Asia/Taipei"
    (rule,) = zone.walk("STANDARD")
    assert rule["TZOFFSETTO"].to_ical() == "+0800"


def test_each_member_reads_the_same_instant_in_their_own_zone(alice, bob):
    set_prefs(alice, time_zone="Asia/Taipei", language="en")
    set_prefs(bob, time_zone="America/Los_Angeles", language="en")
    chat = confirmed_chat(alice, bob)  # SLOT_A: 2030-05-01 02:00 UTC
    alice_cal, bob_cal = read_feed(alice), read_feed(bob)
    alice_start = by_uid(alice_cal)[chat.uid].decoded("DTSTART")
    bob_start = by_uid(bob_cal)[chat.uid].decoded("DTSTART")
    assert alice_start == bob_start
    assert (alice_start.hour, alice_start.day) == (10, 1)
    assert (bob_start.hour, bob_start.day) == (19, 30)
    (zone,) = bob_cal.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "America/Los_Angeles"
    assert zone.walk("DAYLIGHT") and zone.walk("STANDARD")


def test_a_member_in_utc_gets_utc_times(alice, bob):
    set_prefs(alice, time_zone="UTC", language="en")
    chat = confirmed_chat(alice, bob)
    cal = read_feed(alice)
    assert by_uid(cal)[chat.uid]["DTSTART"].to_ical() == b"20300501T020000Z"


def test_a_deadline_falls_on_the_members_local_day(alice, channel, settings):
    """Sent at 20:00 UTC: seven days later it is already the next day in Taipei."""
    set_prefs(alice, time_zone="Asia/Taipei", language="en")
    with time_machine.travel(datetime.datetime(2030, 1, 1, 20, 0, tzinfo=UTC), tick=False):
        referral = make_request(alice, channel)
        event = by_uid(read_feed(alice))[f"request-{referral.pk}-seeker@guanxi"]
    assert event.decoded("DTSTART") == date(2030, 1, 9)  # 8 Jan 20:00 UTC = 9 Jan 04:00 Taipei
    assert "Wed 9 Jan, 4:00 AM" in str(event["DESCRIPTION"])


# --- Changes and cancellations ------------------------------------------------------------------


def test_a_new_time_keeps_the_uid_and_raises_the_sequence(alice, bob):
    chat = confirmed_chat(alice, bob)
    before = by_uid(read_feed(alice))[chat.uid]
    coffee_reschedule(chat=chat, member=alice, slots=[SLOT_B, SLOT_C])
    # While the new time is being chosen the old one is not in the calendar.
    assert chat.uid not in by_uid(read_feed(alice))
    chat.refresh_from_db()
    confirm(chat, member=bob, starts_at=SLOT_C)
    after = by_uid(read_feed(alice))[chat.uid]
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after.decoded("DTSTART") == SLOT_C
    assert after.decoded("LAST-MODIFIED") >= before.decoded("LAST-MODIFIED")


def test_an_event_moved_by_its_organiser_raises_the_sequence(alice):
    event = make_event()
    event_rsvp(event=event, member=alice, status=RsvpStatus.GOING)
    before = by_uid(read_feed(alice))[event.uid]
    event.starts_at += timedelta(hours=1)
    event.ends_at += timedelta(hours=1)
    event_save(event=event, changed_fields=["starts_at", "ends_at"])
    after = by_uid(read_feed(alice))[event.uid]
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert after.decoded("DTSTART") == STARTS + timedelta(hours=1)


def test_an_answered_question_moves_the_deadline_with_a_higher_sequence(alice, bob, channel):
    referral = make_request(alice, channel)
    uid = f"request-{referral.pk}-seeker@guanxi"
    first = by_uid(read_feed(alice))[uid]
    with time_machine.travel(referral.created_at + timedelta(days=2)):
        referral_ask_for_info(request=referral, referrer=bob, question="Which team?")
        asked = by_uid(read_feed(alice))[uid]
        referral.refresh_from_db()
        referral_answer_info(request=referral, seeker=alice, answer="Platform.")
        answered = by_uid(read_feed(alice))[uid]
    assert first["SEQUENCE"] < asked["SEQUENCE"] < answered["SEQUENCE"]
    assert answered.decoded("DTSTART") > first.decoded("DTSTART")
    # Back with the referrer: the referrer has a deadline again.
    assert f"request-{referral.pk}-referrer@guanxi" in by_uid(read_feed(bob))


def test_a_cancelled_chat_stays_marked_cancelled(alice, bob):
    chat = confirmed_chat(alice, bob)
    before = by_uid(read_feed(bob))[chat.uid]
    coffee_cancel(chat=chat, member=alice)
    for member in (alice, bob):
        event = by_uid(read_feed(member))[chat.uid]
        assert event["STATUS"] == "CANCELLED"
        assert event["SEQUENCE"] == before["SEQUENCE"] + 1
        assert str(event["SUMMARY"]).startswith("Cancelled: Coffee chat with")
        assert "This coffee chat was cancelled." in str(event["DESCRIPTION"])


def test_a_cancelled_event_stays_marked_cancelled_and_one_left_goes(alice, bob, staff):
    cancelled = make_event(created_by=staff)
    left = make_event(title="Left")
    for event in (cancelled, left):
        event_rsvp(event=event, member=alice, status=RsvpStatus.GOING)
    events_member_leaving(member=staff)  # the organiser leaves: their event is cancelled
    event_rsvp(event=left, member=alice, status=RsvpStatus.NOT_GOING)
    events = by_uid(read_feed(alice))
    assert set(events) == {cancelled.uid}
    assert events[cancelled.uid]["STATUS"] == "CANCELLED"
    assert str(events[cancelled.uid]["SUMMARY"]) == f"Cancelled: {cancelled.title}"


def test_a_withdrawn_or_decided_request_leaves_both_feeds(alice, bob, charlie, channel, acme):
    withdrawn = make_request(alice, channel)
    declined = make_request(charlie, channel)
    assert f"request-{withdrawn.pk}-seeker@guanxi" in by_uid(read_feed(alice))
    referral_withdraw(request=withdrawn, seeker=alice)
    referral_decline(request=declined, referrer=bob, reason="no_opening")
    assert f"request-{withdrawn.pk}-seeker@guanxi" not in by_uid(read_feed(alice))
    assert f"request-{declined.pk}-seeker@guanxi" not in by_uid(read_feed(charlie))
    assert not [uid for uid in by_uid(read_feed(bob)) if uid.startswith("request-")]


def test_the_same_data_give_the_same_bytes_and_a_304(client, alice, bob):
    confirmed_chat(alice, bob)
    path = feed_path(alice)
    first = client.get(path)
    second = client.get(path)
    assert first.content == second.content
    assert first["ETag"] == second["ETag"]
    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    another = confirm(propose(alice, bob, slots=(SLOT_B, SLOT_C), goal="Other"), starts_at=SLOT_B)
    coffee_cancel(chat=another, member=bob)
    changed = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
