"""A coffee chat is private to its two participants: 404 for others, login for anonymous."""

import pytest
from django.urls import reverse

from coffee.tests.helpers import confirmed_chat

URLS = [
    ("get", "coffee:detail"),
    ("get", "coffee:ics"),
    ("get", "coffee:reschedule"),
    ("post", "coffee:respond"),
    ("post", "coffee:cancel"),
    ("post", "coffee:happened"),
]


@pytest.mark.parametrize("method, name", URLS)
def test_others_get_404(client, alice, bob, charlie, staff, method, name):
    chat = confirmed_chat(alice, bob)
    url = reverse(name, args=[chat.pk])
    for outsider in (charlie, staff):
        client.force_login(outsider)
        assert getattr(client, method)(url).status_code == 404
    client.logout()
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_participants_see_the_chat(client, alice, bob):
    chat = confirmed_chat(alice, bob)
    for member in (alice, bob):
        client.force_login(member)
        assert client.get(reverse("coffee:detail", args=[chat.pk])).status_code == 200
        assert client.get(reverse("coffee:ics", args=[chat.pk])).status_code == 200


def test_the_list_needs_a_login(client):
    response = client.get(reverse("coffee:list"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
