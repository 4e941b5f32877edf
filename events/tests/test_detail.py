"""An event's page is public; members see the RSVP buttons."""

from django.urls import reverse

from conftest import page_text
from events.models import EventKind, RsvpStatus
from events.services import event_rsvp
from events.tests.helpers import make_event


def test_public_page_invites_to_log_in(client, db):
    event = make_event()
    response = client.get(reverse("events:detail", args=[event.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    text = page_text(response)
    assert event.title in text and event.place in text
    assert "Log in to register" in text
    assert reverse("events:rsvp", args=[event.pk]) not in response.content.decode()


def test_members_see_the_rsvp_buttons(client, alice):
    event = make_event()
    client.force_login(alice)
    response = client.get(reverse("events:detail", args=[event.pk]))
    content = response.content.decode()
    assert reverse("events:rsvp", args=[event.pk]) in content
    assert 'value="going"' in content and 'value="not_going"' in content


def test_local_time_of_the_venue_when_it_differs(client, alice):
    event = make_event(time_zone="Europe/London")  # 11:00 UTC = 12:00 BST
    client.force_login(alice)  # Asia/Taipei
    text = page_text(client.get(reverse("events:detail", args=[event.pk])))
    assert "Sat 1 Jun 2030, 7:00 PM" in text
    assert "Sat 1 Jun 2030, 12:00 PM" in text  # in London


def test_the_online_link_is_for_registered_members(client, alice, bob):
    event = make_event(kind=EventKind.ONLINE, place="", online_link="https://meet.example/ev")
    event_rsvp(event=event, member=alice, status=RsvpStatus.GOING)
    client.force_login(bob)
    url = reverse("events:detail", args=[event.pk])
    assert "https://meet.example/ev" not in client.get(url).content.decode()
    client.force_login(alice)
    assert "https://meet.example/ev" in client.get(url).content.decode()


def test_unpublished_events_are_hidden_except_from_moderators(client, alice, staff):
    event = make_event(is_published=False)
    url = reverse("events:detail", args=[event.pk])
    assert client.get(url).status_code == 404
    client.force_login(alice)
    assert client.get(url).status_code == 404
    assert client.get(reverse("events:ics", args=[event.pk])).status_code == 404
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200
    assert "not published yet" in page_text(response)
