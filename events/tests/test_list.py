"""The public events page: upcoming first (soonest first), then past; constant queries."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_member, page_text
from events.models import RsvpStatus
from events.services import event_rsvp
from events.tests.helpers import make_event


def test_upcoming_first_then_past_and_only_published(client, db):
    now = timezone.now()
    later = make_event(title="Later meetup", starts_at=now + timedelta(days=20))
    sooner = make_event(title="Sooner talk", starts_at=now + timedelta(days=2))
    past = make_event(title="Last month", starts_at=now - timedelta(days=30))
    make_event(title="Draft event", is_published=False)
    response = client.get(reverse("events:list"))
    assert response.status_code == 200
    assert list(response.context["page"]) == [sooner, later]
    assert response.context["past"] == [past]
    text = page_text(response)
    assert text.index("Sooner talk") < text.index("Later meetup") < text.index("Last month")
    assert "Draft event" not in text


def test_times_in_the_members_time_zone(client, alice):
    make_event()  # 2030-06-01 11:00 UTC
    alice.time_zone = "America/Los_Angeles"
    alice.save(update_fields=["time_zone"])
    client.force_login(alice)
    text = page_text(client.get(reverse("events:list")))
    assert "Sat 1 Jun 2030, 4:00 AM" in text
    client.logout()
    response = client.get(reverse("events:list"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Sat 1 Jun 2030, 7:00 PM" in page_text(response)  # the default, Asia/Taipei


def test_my_answers_are_shown(client, alice):
    event = make_event()
    event_rsvp(event=event, member=alice, status=RsvpStatus.GOING)
    client.force_login(alice)
    assert "You are going" in page_text(client.get(reverse("events:list")))


def _events(start, count, members):
    now = timezone.now()
    for i in range(start, start + count):
        event = make_event(
            title=f"Event {i}",
            starts_at=now + timedelta(days=i + 1) * (1 if i % 3 else -1),
            capacity=10 if i % 2 else None,
        )
        if event.ends_at > now:
            for member in members:
                event_rsvp(event=event, member=member, status=RsvpStatus.GOING)


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_constant_queries(client, alice):
    url = reverse("events:list")
    others = [make_member(f"guest{i}@example.com", f"Guest {i}") for i in range(3)]
    _events(0, 3, [alice, *others])
    client.force_login(alice)
    small = _queries(client, url)
    client.logout()
    small_anonymous = _queries(client, url)
    _events(3, 9, [alice, *others])
    client.force_login(alice)
    assert _queries(client, url) == small
    client.logout()
    assert _queries(client, url) == small_anonymous
    response = client.get(url)
    assert len(response.context["page"]) + len(response.context["past"]) == 12
