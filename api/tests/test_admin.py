"""Tokens in the admin: moderators see who has which and revoke them; the hash never shows and
nothing can be edited or made there."""

import pytest
from django.urls import reverse

from api.models import TOKEN_PREFIX, AccessToken, Scope
from api.services import access_token_create
from api.tests.conftest import bearer
from conftest import make_member

CHANGELIST = reverse("admin:api_accesstoken_changelist")


@pytest.fixture
def tokens(alice, bob):
    """alice's two tokens and bob's one: (row, the token itself)."""
    return {
        "alice_read": access_token_create(member=alice, name="Spreadsheet", scope=Scope.READ),
        "alice_write": access_token_create(member=alice, name="Chat bot", scope=Scope.WRITE),
        "bob": access_token_create(member=bob, name="Inbox script", scope=Scope.READ),
    }


def _secrets(tokens) -> list[str]:
    """Everything secret about the tokens: the tokens, their secret parts, their hashes.

    The secret part is everything after the key id's "_" (the secret may itself hold "_")."""
    return [
        value
        for token, raw in tokens.values()
        for value in (raw, raw[len(TOKEN_PREFIX) :].partition("_")[2], token.key_hash)
    ]


def test_the_list_shows_the_tokens_and_never_a_secret(client, staff, tokens):
    client.force_login(staff)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    html = response.content.decode()
    for name in ["Spreadsheet", "Chat bot", "Inbox script", "Read only", "Read and write"]:
        assert name in html, name
    assert "alice@example.com" in html or "Alice" in html
    assert not [secret for secret in _secrets(tokens) if secret in html]


def test_search_by_the_members_address(client, staff, tokens):
    client.force_login(staff)
    html = client.get(CHANGELIST, {"q": "bob@example.com"}).content.decode()
    assert "Inbox script" in html
    assert "Spreadsheet" not in html and "Chat bot" not in html


def test_the_change_page_shows_no_hash_and_edits_nothing(client, staff, tokens):
    token, _raw = tokens["alice_write"]
    client.force_login(staff)
    url = reverse("admin:api_accesstoken_change", args=[token.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert token.key_id in html  # the public part, as the member's page shows it
    assert not [secret for secret in _secrets(tokens) if secret in html]
    assert 'name="key_hash"' not in html and 'name="name"' not in html
    before = AccessToken.objects.values().get(pk=token.pk)
    client.post(url, {"name": "Renamed", "scope": "read", "key_hash": "0" * 64})
    assert AccessToken.objects.values().get(pk=token.pk) == before
    # Tokens are made by their members only.
    assert client.get(reverse("admin:api_accesstoken_add")).status_code == 403


def test_revoking_in_the_admin_stops_the_tokens(client, staff, tokens):
    alice_read, alice_raw = tokens["alice_read"]
    bob_token, bob_raw = tokens["bob"]
    assert client.get("/api/requests", **bearer(alice_raw)).status_code == 200
    client.force_login(staff)
    response = client.post(
        CHANGELIST,
        {"action": "revoke", "_selected_action": [alice_read.pk, tokens["alice_write"][0].pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "2 tokens revoked." in response.content.decode()
    client.logout()
    assert client.get("/api/requests", **bearer(alice_raw)).status_code == 401
    assert client.get("/api/requests", **bearer(tokens["alice_write"][1])).status_code == 401
    assert client.get("/api/requests", **bearer(bob_raw)).status_code == 200
    alice_read.refresh_from_db()
    revoked_at = alice_read.revoked_at
    assert revoked_at is not None
    # Revoking again changes nothing, and says so.
    client.force_login(staff)
    response = client.post(
        CHANGELIST, {"action": "revoke", "_selected_action": [alice_read.pk]}, follow=True
    )
    assert "0 tokens revoked." in response.content.decode()
    alice_read.refresh_from_db()
    assert alice_read.revoked_at == revoked_at
    # The revoked filter.
    html = client.get(CHANGELIST, {"revoked_at__isempty": "1"}).content.decode()
    assert "Inbox script" in html and "Spreadsheet" not in html


def test_the_token_admin_is_for_staff_only(client, alice, tokens):
    response = client.get(CHANGELIST)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(alice)
    response = client.get(CHANGELIST)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = client.post(
        CHANGELIST, {"action": "revoke", "_selected_action": [tokens["bob"][0].pk]}
    )
    assert response.status_code == 302
    assert AccessToken.objects.get(pk=tokens["bob"][0].pk).revoked_at is None


def test_the_admin_speaks_chinese(client, tokens, db):
    moderator = make_member("mod-zh@example.com", "Moderator", language="zh-hant")
    moderator.is_staff = moderator.is_superuser = True
    moderator.save()
    client.force_login(moderator)
    html = client.get(CHANGELIST).content.decode()
    assert "撤銷選取的權杖" in html and "個人存取權杖" in html
