"""Two languages: the member's choice is stored and wins; the browser's preference is the
default for visitors; times are shown in the member's time zone."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import User
from conftest import make_request, page_text


def _nav_label(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


def test_switch_stores_choice_and_cookie(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("accounts:set_language"), {"language": "zh-hant", "next": "/companies/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/companies/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hant"
    alice.refresh_from_db()
    assert alice.language == "zh-hant"

    # The stored choice wins over the browser's Accept-Language.
    response = client.get(reverse("referrals:my_requests"), HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "zh-hant"
    assert _nav_label("zh-hant", "My requests") in page_text(response)


def test_switch_back_to_english(client, alice):
    alice.language = "zh-hant"
    alice.save(update_fields=["language"])
    client.force_login(alice)
    client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    alice.refresh_from_db()
    assert alice.language == "en"
    response = client.get(reverse("referrals:inbox"), HTTP_ACCEPT_LANGUAGE="zh-Hant")
    assert response["Content-Language"] == "en"
    assert "Referral inbox" in page_text(response)


def test_switch_for_anonymous_sets_only_the_cookie(client, db):
    response = client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    response = client.get(reverse("companies:list"), HTTP_ACCEPT_LANGUAGE="zh-Hant")
    assert response["Content-Language"] == "en"


def test_unknown_language_is_ignored(client, alice):
    client.force_login(alice)
    client.post(reverse("accounts:set_language"), {"language": "klingon", "next": "/"})
    alice.refresh_from_db()
    assert alice.language == "en"


def test_switch_refuses_foreign_next(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("accounts:set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert "evil" not in response.get("Location", "")


def test_switch_needs_post(client, db):
    assert client.get(reverse("accounts:set_language")).status_code == 405


@pytest.mark.parametrize(
    "accept,expected",
    [
        ("en-US,en;q=0.9", "en"),
        ("zh-TW,zh;q=0.9,en;q=0.5", "zh-hant"),
        ("zh-Hant", "zh-hant"),
        ("fr-FR", "zh-hant"),  # the site default
        ("", "zh-hant"),
    ],
)
def test_browser_language_is_the_default_for_visitors(client, db, accept, expected):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 200
    assert response["Content-Language"] == expected
    html_lang = "zh-Hant" if expected == "zh-hant" else "en"
    assert f'<html lang="{html_lang}"' in response.content.decode()
    assert _nav_label(expected, "Companies") in page_text(response)


def test_member_without_choice_follows_the_browser(client, alice):
    alice.language = ""
    alice.save(update_fields=["language"])
    client.force_login(alice)
    assert client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "en"
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-TW")
    assert response["Content-Language"] == "zh-hant"


def test_times_in_the_members_time_zone(client, alice, bob, channel):
    moment = dt.datetime(2026, 5, 4, 1, 15, tzinfo=dt.UTC)  # 09:15 Taipei, 18:15 (May 3) LA
    with time_machine.travel(moment, tick=False):
        referral = make_request(alice, channel)
    url = reverse("referrals:my_request", args=[referral.pk])
    client.force_login(alice)
    text = page_text(client.get(url))
    assert "09:15" in text  # Asia/Taipei, alice's time zone
    assert "18:15" not in text

    User.objects.filter(pk=alice.pk).update(time_zone="America/Los_Angeles")
    text = page_text(client.get(url))
    assert "18:15" in text
    assert "09:15" not in text
    assert "01:15" not in text  # never raw UTC


def test_profile_saves_language_and_time_zone(client, alice):
    client.force_login(alice)
    url = reverse("accounts:profile")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "display_name": "Alice L.",
            "headline": "Backend engineer",
            "city": "Taipei",
            "time_zone": "Europe/Berlin",
            "language": "zh-hant",
            "languages_spoken": "Mandarin, English",
            "linkedin_url": "",
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.display_name, alice.time_zone, alice.language) == (
        "Alice L.",
        "Europe/Berlin",
        "zh-hant",
    )


def test_profile_refuses_unknown_time_zone(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "Alice", "time_zone": "Mars/Olympus", "language": "en"},
    )
    assert response.status_code == 200
    assert "time_zone" in response.context["form"].errors
    alice.refresh_from_db()
    assert alice.time_zone == "Asia/Taipei"


def test_profile_needs_login(client, db):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
