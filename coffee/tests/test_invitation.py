"""Both participants get an .ics invitation in their own language and time zone."""

import zoneinfo
from datetime import UTC, timedelta

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from coffee.models import Mode
from coffee.tests.helpers import (
    GOAL,
    LINK,
    PLACE,
    SLOT_A,
    confirm,
    confirmed_chat,
    invitations,
    propose,
    set_prefs,
    vevent,
)
from conftest import run_tasks


def _summary(language: str, name: str) -> str:
    with translation.override(language):
        return gettext("Coffee chat with %(name)s") % {"name": name}


def test_each_invitation_is_in_the_recipients_time_zone_and_language(alice, bob):
    set_prefs(alice, time_zone="Asia/Taipei", language="en")
    set_prefs(bob, time_zone="America/Los_Angeles", language="zh-hant")
    chat = confirmed_chat(alice, bob)
    run_tasks()
    sent = invitations()
    assert set(sent) == {"alice@example.com", "bob@example.com"}

    for email, zone, language, other in [
        ("alice@example.com", "Asia/Taipei", "en", "Bob Chen"),
        ("bob@example.com", "America/Los_Angeles", "zh-hant", "Alice Lin"),
    ]:
        message, cal = sent[email]
        assert cal["METHOD"] == "REQUEST"
        event = vevent(cal)
        start = event.decoded("DTSTART")
        assert start == SLOT_A  # the same instant for both
        assert event["DTSTART"].params["TZID"] == zone
        assert start.tzinfo == zoneinfo.ZoneInfo(zone)
        assert event.decoded("DTEND") - start == timedelta(minutes=30)
        assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == [zone]
        assert str(event["UID"]) == chat.uid
        assert event["SEQUENCE"] == 1
        assert event["STATUS"] == "CONFIRMED"
        assert str(event["LOCATION"]) == PLACE
        assert str(event["SUMMARY"]) == _summary(language, other)
        with translation.override(language):
            assert gettext("Goal: %(goal)s") % {"goal": GOAL} in str(event["DESCRIPTION"])
        assert message.extra_headers["Content-Language"] == language

    alice_local = vevent(sent["alice@example.com"][1]).decoded("DTSTART")
    bob_local = vevent(sent["bob@example.com"][1]).decoded("DTSTART")
    assert (alice_local.hour, alice_local.day) == (10, 1)  # 10:00 on 1 May in Taipei
    assert (bob_local.hour, bob_local.day) == (19, 30)  # 19:00 on 30 April in Los Angeles


def test_organizer_and_attendees_without_sharing_addresses(alice, bob):
    confirmed_chat(alice, bob)
    run_tasks()
    _message, cal = invitations()["bob@example.com"]
    event = vevent(cal)
    assert event["ORGANIZER"].params["CN"] == "Alice Lin"
    attendees = event["ATTENDEE"]
    assert {a.params["CN"] for a in attendees} == {"Alice Lin", "Bob Chen"}
    assert "mailto:bob@example.com" in [str(a) for a in attendees]
    assert b"alice@example.com" not in cal.to_ical()


def test_a_recipient_in_utc(alice, bob):
    set_prefs(bob, time_zone="UTC", language="en")
    confirmed_chat(alice, bob)
    run_tasks()
    _message, cal = invitations()["bob@example.com"]
    event = vevent(cal)
    assert event.decoded("DTSTART") == SLOT_A
    assert event.decoded("DTSTART").utcoffset() == timedelta(0)
    assert b"DTSTART:20300501T020000Z" in event.to_ical()


def test_online_invitations_carry_the_link(alice, bob):
    chat = propose(alice, bob, mode=Mode.ONLINE)
    confirm(chat, link=LINK)
    run_tasks()
    _message, cal = invitations()["alice@example.com"]
    assert str(vevent(cal)["LOCATION"]) == LINK
    assert LINK in str(vevent(cal)["DESCRIPTION"])


def test_download_in_the_requesters_language_and_time_zone(client, alice, bob):
    set_prefs(bob, time_zone="Europe/Berlin", language="zh-hant")
    chat = confirmed_chat(alice, bob)
    client.force_login(bob)
    response = client.get(reverse("coffee:ics", args=[chat.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    import icalendar

    cal = icalendar.Calendar.from_ical(response.content)
    event = vevent(cal)
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("DTSTART") == SLOT_A
    assert str(event["SUMMARY"]) == _summary("zh-hant", "Alice Lin")
    assert event.decoded("DTSTART").astimezone(UTC) == SLOT_A


def test_no_calendar_file_before_a_time_is_chosen(client, alice, bob):
    chat = propose(alice, bob)
    client.force_login(alice)
    response = client.get(reverse("coffee:ics", args=[chat.pk]))
    assert response.status_code == 302
    assert response["Location"] == chat.get_absolute_url()
