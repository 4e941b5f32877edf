"""Who can read a feed: whoever holds its current address, and nobody else; and who can see or
change the address: its member, on their profile."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from calendars.models import CalendarFeed
from calendars.selectors import feed_address, feed_by_token, feed_token
from calendars.services import calendar_feed_reset, calendar_feed_start
from calendars.tests.helpers import by_uid, feed_path, read_feed
from coffee.tests.helpers import confirmed_chat
from conftest import make_request, page_text
from contacts.services import contact_create, follow_up_create
from events.models import RsvpStatus
from events.services import event_rsvp
from events.tests.helpers import make_event


def test_a_members_feed_shows_nothing_of_anothers(alice, bob, charlie, dana, channel):
    """charlie's chat, event, follow-up and request are in charlie's feed only."""
    mine = {
        "chat": confirmed_chat(alice, bob).uid,
        "request": f"request-{make_request(alice, channel).pk}-seeker@guanxi",
    }
    theirs = {
        "chat": confirmed_chat(charlie, dana, goal="Charlie's private goal").uid,
        "request": f"request-{make_request(charlie, channel).pk}-seeker@guanxi",
    }
    event = make_event(title="Charlie's meetup")
    event_rsvp(event=event, member=charlie, status=RsvpStatus.GOING)
    contact = contact_create(owner=charlie, name="Secret Contact")
    follow_up = follow_up_create(
        owner=charlie, contact=contact, topic="Charlie's topic", due_on=date(2030, 1, 1)
    )
    theirs.update(event=event.uid, follow_up=f"follow-up-{follow_up.pk}@guanxi")

    alice_cal = read_feed(alice)
    assert set(by_uid(alice_cal)) == set(mine.values())
    raw = alice_cal.to_ical().decode()
    for words in ["Charlie", "Secret Contact", "Dana", "charlie@example.com"]:
        assert words not in raw
    assert set(theirs.values()) <= set(by_uid(read_feed(charlie)))


def test_an_unknown_or_tampered_address_is_a_404(client, alice):
    feed = calendar_feed_start(member=alice)
    token = feed_token(feed)
    key, signature = token.split(".")
    for bad in [
        "nothing",
        f"{key}.{'A' * len(signature)}",  # the right key, a forged signature
        f"{key}X.{signature}",  # another key under this signature
        key,  # the key alone (it is in the database; the signature is not)
        token.upper(),
    ]:
        assert client.get(reverse("calendars:feed", args=[bad])).status_code == 404, bad
    assert client.get(reverse("calendars:feed", args=[token])).status_code == 200


def test_a_forged_address_costs_no_query(alice, django_assert_num_queries):
    key = calendar_feed_start(member=alice).key
    with django_assert_num_queries(0):
        assert feed_by_token(f"{key}.forged") is None
    with django_assert_num_queries(1):
        assert feed_by_token(feed_token(CalendarFeed(key=key))).member == alice


def test_a_reset_address_is_dead_and_the_new_one_works(client, alice, bob):
    confirmed_chat(alice, bob)
    old = feed_path(alice)
    assert client.get(old).status_code == 200
    feed = calendar_feed_reset(member=alice)
    new = reverse("calendars:feed", args=[feed_token(feed)])
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert CalendarFeed.objects.filter(member=alice).count() == 1


def test_the_address_needs_no_session_and_starts_none(alice):
    path = feed_path(alice)
    response = Client().get(path)
    assert response.status_code == 200
    assert response.cookies == {}  # no session, no CSRF cookie


def test_a_turned_off_feed_or_a_suspended_member_is_a_404(client, alice, bob):
    path = feed_path(alice)
    bob_path = feed_path(bob)
    client.force_login(alice)
    client.post(reverse("calendars:stop"))
    assert client.get(path).status_code == 404
    bob.is_active = False
    bob.save(update_fields=["is_active"])
    assert Client().get(bob_path).status_code == 404


def test_the_answer_is_private_and_sends_no_referer(client, alice):
    response = client.get(feed_path(alice))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-cache"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_head_request_and_no_writes(client, alice):
    path = feed_path(alice)
    assert client.head(path).status_code == 200
    assert client.post(path).status_code == 405


def test_too_many_reads_are_refused_for_a_while(client, alice, bob, monkeypatch):
    from calendars import views
    from guanxi.ratelimit import Limit

    monkeypatch.setattr(views, "READS_PER_HOUR", Limit("calendar-feed-test", 2, 3600))
    path = feed_path(alice)
    assert [client.get(path).status_code for _ in range(3)] == [200, 200, 429]
    refused = client.get(path)
    assert int(refused["Retry-After"]) > 0
    # Another member's feed is counted apart.
    assert client.get(feed_path(bob)).status_code == 200


# --- The profile's section ----------------------------------------------------------------------


def test_only_the_owner_sees_their_address_on_the_profile(client, alice, bob):
    address = feed_address(calendar_feed_start(member=alice))
    client.force_login(alice)
    page = page_text(client.get(reverse("accounts:profile")))
    assert address.https in page
    assert address.webcal in page
    assert 'id="calendar-feed"' in page
    client.force_login(bob)
    page = page_text(client.get(reverse("accounts:profile")))
    assert feed_token(address.feed) not in page
    assert "Turn on my calendar feed" in page
    client.logout()
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_turning_on_resetting_and_off_from_the_profile(client, alice):
    client.force_login(alice)
    response = client.post(reverse("calendars:start"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile") + "#calendar-feed"
    first = feed_address(CalendarFeed.objects.get(member=alice))
    page = page_text(client.get(reverse("accounts:profile")))
    assert "Your calendar feed is on." in page
    assert first.https in page
    # Turning it on again keeps the address.
    client.post(reverse("calendars:start"))
    assert feed_address(CalendarFeed.objects.get(member=alice)).https == first.https

    client.post(reverse("calendars:reset"))
    second = feed_address(CalendarFeed.objects.get(member=alice))
    page = page_text(client.get(reverse("accounts:profile")))
    assert "Your calendar feed has a new address." in page
    assert second.https in page and first.https not in page
    assert client.get(first.https.removeprefix("http://127.0.0.1:8000")).status_code == 404

    client.post(reverse("calendars:stop"))
    assert not CalendarFeed.objects.filter(member=alice).exists()
    page = page_text(client.get(reverse("accounts:profile")))
    assert "Your calendar feed is off." in page and second.https not in page


@pytest.mark.parametrize("name", ["calendars:start", "calendars:reset", "calendars:stop"])
def test_the_buttons_take_a_post_with_csrf_from_a_signed_in_member(alice, name):
    response = Client().post(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.get(reverse(name)).status_code == 405
    assert client.post(reverse(name)).status_code == 403  # no CSRF token
    assert not CalendarFeed.objects.filter(member=alice).exists()


def test_another_members_buttons_change_only_their_own_feed(client, alice, bob):
    alice_path = feed_path(alice)
    client.force_login(bob)
    client.post(reverse("calendars:reset"))
    client.post(reverse("calendars:stop"))
    assert Client().get(alice_path).status_code == 200


def test_the_profile_explains_how_to_subscribe_in_chinese(client, alice):
    alice.language = "zh-hant"
    alice.save(update_fields=["language"])
    calendar_feed_start(member=alice)
    client.force_login(alice)
    page = page_text(client.get(reverse("accounts:profile"), HTTP_ACCEPT_LANGUAGE="zh-Hant"))
    for words in ["行事曆訂閱", "Google日曆", "Apple行事曆", "Outlook", "取得新網址"]:
        assert words in page, words


def test_a_refused_address_is_not_written_to_the_log(client, alice, caplog, monkeypatch):
    from calendars import views
    from guanxi.ratelimit import Limit

    monkeypatch.setattr(views, "READS_PER_HOUR", Limit("calendar-feed-log", 1, 3600))
    live = feed_token(calendar_feed_start(member=alice))
    client.get(reverse("calendars:feed", args=[live]))
    with caplog.at_level("INFO"):
        assert client.get(reverse("calendars:feed", args=[live])).status_code == 429
        assert client.get(reverse("calendars:feed", args=[live + "x"])).status_code == 404
        assert client.post(reverse("calendars:feed", args=[live])).status_code == 405
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "Too Many Requests: /calendar/hidden.ics" in logged
    assert "Not Found: /calendar/hidden.ics" in logged
    assert "Method Not Allowed: /calendar/hidden.ics" in logged
    assert live.split(".")[0] not in logged


def test_deleting_the_account_deletes_the_feed(alice, django_capture_on_commit_callbacks):
    from workflows.members import member_delete

    path = feed_path(alice)
    with django_capture_on_commit_callbacks(execute=True):
        member_delete(member=alice)
    assert not CalendarFeed.objects.exists()
    assert Client().get(path).status_code == 404
