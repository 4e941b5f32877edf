"""Personal access tokens: made on the account settings' page and shown once, kept only as a
hash, revoked there, their last use recorded (at most once a minute)."""

import hashlib
import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api.models import AccessToken, Scope
from api.services import TokenError, access_token_authenticate, access_token_create
from api.tests.conftest import bearer
from conftest import make_member, make_request, page_text
from referrals.models import Status

TOKEN = re.compile(r"gx_[a-z0-9]{10}_[A-Za-z0-9_-]{43}")


def _create(client, name="Spreadsheet", scope="read"):
    return client.post(reverse("tokens:list"), {"name": name, "scope": scope}, follow=True)


def test_the_page_needs_a_member(client, db):
    response = client.get(reverse("tokens:list"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_new_token_is_shown_once_and_only_its_hash_is_kept(client, alice):
    client.force_login(alice)
    response = _create(client, "My spreadsheet", "write")
    assert response.redirect_chain == [(reverse("tokens:list"), 302)]
    assert response.status_code == 200
    text = page_text(response)
    shown = TOKEN.findall(text)
    assert len(set(shown)) == 1
    raw = shown[0]
    assert "you will not see it again" in text
    assert f"Bearer {raw}" in text  # the example request
    token = AccessToken.objects.get(member=alice)
    assert (token.name, token.scope) == ("My spreadsheet", Scope.WRITE)
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw.startswith(f"gx_{token.key_id}_")
    # Nothing stored holds the secret, and the list shows only the token's start.
    stored = [str(v) for v in AccessToken.objects.values_list(flat=False).get()]
    assert not any(raw in value or raw[14:] in value for value in stored)
    # It crossed the redirect in the session, and left it when shown.
    assert not any(raw in str(value) for value in client.session.values())
    listing = page_text(client.get(reverse("tokens:list")))
    assert raw not in listing and raw[14:] not in listing
    assert f"gx_{token.key_id}…" in listing
    assert "My spreadsheet" in listing
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    )


def test_reloading_the_page_after_making_a_token_makes_no_second_one(client, alice):
    client.force_login(alice)
    answer = client.post(reverse("tokens:list"), {"name": "Once", "scope": "read"})
    assert answer.status_code == 302 and answer["Location"] == reverse("tokens:list")
    first = page_text(client.get(reverse("tokens:list")))
    again = page_text(client.get(reverse("tokens:list")))  # what a reload sends
    assert TOKEN.search(first) and not TOKEN.search(again)
    assert AccessToken.objects.filter(member=alice).count() == 1


def test_the_token_works_until_it_is_revoked(client, alice):
    client.force_login(alice)
    raw = TOKEN.search(page_text(_create(client))).group()
    token = AccessToken.objects.get(member=alice)
    client.logout()
    assert client.get("/api/requests", **bearer(raw)).status_code == 200
    client.force_login(alice)
    response = client.post(reverse("tokens:revoke", args=[token.pk]), follow=True)
    assert "is revoked" in page_text(response)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "Revoked" in page_text(client.get(reverse("tokens:list")))
    client.logout()
    response = client.get("/api/requests", **bearer(raw))
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_token"


def test_last_use_is_written_at_most_once_a_minute(client, alice, django_assert_num_queries):
    token, raw = access_token_create(member=alice, name="Script", scope=Scope.READ)
    assert token.last_used_at is None
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get("/api/requests", **bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at == start
    with time_machine.travel(start + timedelta(seconds=59), tick=False):
        with django_assert_num_queries(1):  # the lookup only, no write
            assert access_token_authenticate(raw=raw) is not None
    token.refresh_from_db()
    assert token.last_used_at == start
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        client.get("/api/requests", **bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at == start + timedelta(seconds=61)
    client.force_login(alice)
    assert "Never used" not in page_text(client.get(reverse("tokens:list")))


@pytest.mark.parametrize(
    "header",
    [
        "Bearer",
        "Bearer gx_",
        "Bearer gx_abcdefghij_wrong",
        "Bearer not-a-token",
        "Basic YWxpY2U6cGFzc3dvcmQ=",
        "Token gx_abcdefghij_x",
    ],
)
def test_anything_but_a_valid_token_is_a_401(client, alice, header):
    access_token_create(member=alice, name="Script", scope=Scope.READ)
    response = client.get("/api/requests", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_token"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_right_id_with_a_wrong_secret_is_refused(client, alice):
    token, raw = access_token_create(member=alice, name="Script", scope=Scope.READ)
    forged = raw[:-1] + ("A" if raw[-1] != "A" else "B")
    assert client.get("/api/requests", **bearer(forged)).status_code == 401
    assert client.get("/api/requests", **bearer(raw)).status_code == 200


def test_a_suspended_members_tokens_stop_working(client, alice):
    _token, raw = access_token_create(member=alice, name="Script", scope=Scope.READ)
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    assert client.get("/api/requests", **bearer(raw)).status_code == 401


def test_a_session_is_not_enough(client, alice):
    """The API reads tokens only: a signed-in browser's cookies do nothing there."""
    client.force_login(alice)
    response = client.get("/api/requests")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_signed_in_browser_cannot_act_through_the_api(alice, channel):
    """What makes CSRF protection needless here: a page of another site can make a signed-in
    member's browser send their cookies to /api/, but cookies do nothing there; and it cannot
    add an Authorization header (that needs a CORS preflight, which the API never allows)."""
    referral = make_request(alice, channel)
    browser = Client(enforce_csrf_checks=True, HTTP_ORIGIN="https://evil.example")
    browser.force_login(alice)
    response = browser.post(f"/api/requests/{referral.pk}/withdraw")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED
    preflight = browser.options(
        "/api/requests",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )
    assert not any(h.lower().startswith("access-control-") for h in preflight.headers)
    _token, raw = access_token_create(member=alice, name="Script", scope=Scope.READ)
    answer = browser.get("/api/requests", **bearer(raw))
    assert answer.status_code == 200
    assert not any(h.lower().startswith("access-control-") for h in answer.headers)


def test_a_name_is_needed_and_the_number_of_tokens_is_capped(client, alice, settings):
    settings.API_TOKENS_PER_MEMBER = 2
    client.force_login(alice)
    response = _create(client, name="  ")
    assert response.status_code == 200
    assert not TOKEN.search(page_text(response))
    _create(client, "One")
    _create(client, "Two")
    response = _create(client, "Three")
    assert "the most allowed" in page_text(response)
    assert not TOKEN.search(page_text(response))
    assert AccessToken.objects.filter(member=alice).count() == 2
    with pytest.raises(TokenError):
        access_token_create(member=alice, name="Four", scope=Scope.READ)
    # A revoked token no longer counts.
    client.post(reverse("tokens:revoke", args=[AccessToken.objects.first().pk]))
    assert TOKEN.search(page_text(_create(client, "Three")))


def test_the_page_speaks_the_members_language(client, db):
    mei = make_member("mei@example.com", "Mei", language="zh-hant")
    client.force_login(mei)
    text = page_text(_create(client, "試算表", "write"))
    for words in ["個人存取權杖", "讀取與寫入", "撤銷", "最後使用時間", "你不會再看到它"]:
        assert words in text, words
