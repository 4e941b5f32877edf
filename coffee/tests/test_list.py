"""The coffee page: waiting for my answer, upcoming, past; constant queries."""

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coffee.services import coffee_cancel
from coffee.tests.helpers import confirmed_chat, propose
from conftest import make_member, page_text


def test_sections(client, alice, bob, charlie, dana):
    to_me = propose(bob, alice, goal="Bob wants advice")
    mine = propose(alice, charlie, goal="Alice asks Charlie")
    upcoming = confirmed_chat(alice, dana, goal="Alice meets Dana")
    cancelled = propose(charlie, alice, goal="Charlie cancelled")
    coffee_cancel(chat=cancelled, member=charlie)
    client.force_login(alice)
    response = client.get(reverse("coffee:list"))
    assert response.status_code == 200
    assert response.context["to_answer"] == [to_me]
    assert response.context["upcoming"] == [mine, upcoming]  # by time; waiting ones first
    assert response.context["past"] == [cancelled]
    text = page_text(response)
    assert "Choose a time and the place" in text
    assert "Waiting for the other person to choose a time." in text


def test_a_confirmed_chat_moves_to_the_past_after_its_time(client, alice, bob):
    chat = confirmed_chat(alice, bob)
    with time_machine.travel("2030-06-01T00:00:00Z"):
        client.force_login(alice)
        response = client.get(reverse("coffee:list"))
    assert response.context["past"] == [chat]
    assert "Did you meet?" in page_text(response)


def test_others_chats_are_not_listed(client, bob, charlie, dana):
    propose(bob, dana)
    client.force_login(charlie)
    response = client.get(reverse("coffee:list"))
    assert response.context["to_answer"] == response.context["upcoming"] == []
    assert response.context["past"] == []


def _chats(member, start, count):
    for i in range(start, start + count):
        other = make_member(f"coffee{i}@example.com", f"Person {i}")
        step = i % 4
        if step == 0:
            propose(member, other, goal=f"Mine {i}")
        elif step == 1:
            propose(other, member, goal=f"Theirs {i}")
        elif step == 2:
            confirmed_chat(other, member, goal=f"Confirmed {i}")
        else:
            coffee_cancel(chat=propose(member, other, goal=f"Gone {i}"), member=other)


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_constant_queries(client, alice):
    client.force_login(alice)
    url = reverse("coffee:list")
    _chats(alice, 0, 4)
    small = _queries(client, url)
    _chats(alice, 4, 12)
    large = _queries(client, url)
    assert large == small
    response = client.get(url)
    total = sum(len(response.context[k]) for k in ("to_answer", "upcoming", "past"))
    assert total == 16
