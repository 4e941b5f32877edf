"""Signing up: the browser's time zone is kept, and the new member is led to their profile."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User

PASSWORD = "a long and Unusual passphrase 8"
WELCOME = "Welcome to Guanxi! Your e-mail address is confirmed."


def sign_up(client, email="mei@example.com", **extra):
    response = client.post(
        reverse("account_signup"),
        {"email": email, "password1": PASSWORD, "password2": PASSWORD, **extra},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    return User.objects.get(email=email)


def confirmation_path(email="mei@example.com") -> str:
    (message,) = [m for m in mail.outbox if m.to == [email]]
    return re.search(r"http://testserver(/accounts/confirm-email/[^/\s]+/)", message.body)[1]


@pytest.mark.parametrize(
    "sent, kept",
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("America/Los_Angeles", "America/Los_Angeles"),
        ("Asia/Calcutta", "Asia/Kolkata"),  # Chrome's (CLDR's) name for India
        ("America/Boise", "America/Denver"),  # not listed: the listed zone with the same clock
        ("", "Asia/Taipei"),  # no JavaScript: the default
        ("Mars/Olympus", "Asia/Taipei"),
        ("Factory", "Asia/Taipei"),
    ],
)
def test_sign_up_keeps_the_browser_time_zone(client, db, sent, kept):
    member = sign_up(client, time_zone=sent)
    assert member.time_zone == kept


def test_the_sign_up_page_carries_the_time_zone_field_and_script(client, db):
    html = client.get(reverse("account_signup")).content.decode()
    assert re.search(r'<input type="hidden" name="time_zone"[^>]*data-browser-time-zone', html)
    assert "/static/js/time-zone.js" in html


def test_confirming_in_the_same_browser_leads_to_the_profile_with_a_welcome(client, db):
    sign_up(client)
    path = confirmation_path()
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile") + "?welcome=1"
    page = client.get(response["Location"]).content.decode()
    assert WELCOME in page
    assert 'id="networking"' in page


def test_confirming_in_another_browser_signs_in_first_then_welcomes(client, db):
    sign_up(client)
    other = Client()
    response = other.post(confirmation_path())
    welcome = reverse("accounts:profile") + "?welcome=1"
    assert response.status_code == 302
    assert (
        response["Location"]
        == f"{reverse('account_login')}?next=%2Faccount%2Fprofile%2F%3Fwelcome%3D1"
    )
    response = other.post(response["Location"], {"login": "mei@example.com", "password": PASSWORD})
    assert response["Location"] == welcome
    assert WELCOME in other.get(welcome).content.decode()


def test_an_ordinary_log_in_goes_home_without_a_welcome(client, alice):
    response = client.post(
        reverse("account_login"), {"login": "alice@example.com", "password": "correct horse 42"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert WELCOME not in client.get(reverse("accounts:profile")).content.decode()


def test_a_later_confirmation_of_a_new_address_is_no_welcome(client, alice):
    """A member who has logged in before and confirms a new address is not new."""
    client.post(
        reverse("account_login"), {"login": "alice@example.com", "password": "correct horse 42"}
    )
    client.post(reverse("account_email"), {"action_add": "", "email": "alice.new@example.com"})
    path = confirmation_path("alice.new@example.com")
    response = Client().post(path)
    assert response.status_code == 302
    assert "welcome" not in response["Location"]
