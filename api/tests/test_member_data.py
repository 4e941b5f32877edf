"""A member's tokens in their data export (through the export's registry: workflows sits below
the API) and gone with their account."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone

from api.models import AccessToken, Scope
from api.selectors import tokens_exported
from api.services import access_token_create, access_token_revoke
from api.tests.conftest import bearer
from workflows import members
from workflows.members import member_delete, member_export, member_export_part_register


def _data(member) -> dict:
    return json.loads(zipfile.ZipFile(io.BytesIO(member_export(member=member))).read("data.json"))


def test_the_export_lists_the_members_tokens_and_no_secret(client, alice, bob):
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        script, script_raw = access_token_create(member=alice, name="Script", scope=Scope.WRITE)
        old, old_raw = access_token_create(member=alice, name="Old laptop", scope=Scope.READ)
    with time_machine.travel(start + timedelta(hours=1), tick=False):
        assert client.get("/api/requests", **bearer(script_raw)).status_code == 200
        access_token_revoke(token=old)
    _bobs, bob_raw = access_token_create(member=bob, name="Bob's bot", scope=Scope.READ)

    client.force_login(alice)
    response = client.post(reverse("accounts:export"))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    text = archive.read("data.json").decode()
    tokens = {t["name"]: t for t in json.loads(text)["api_tokens"]}
    assert set(tokens) == {"Script", "Old laptop"}
    assert tokens["Script"]["scope"] == "write"
    assert tokens["Script"]["token_start"] == f"gx_{script.key_id}…"
    assert tokens["Script"]["created_at"].startswith(start.strftime("%Y-%m-%dT%H:%M:%S"))
    last_used = start + timedelta(hours=1)
    assert tokens["Script"]["last_used_at"].startswith(last_used.strftime("%Y-%m-%dT%H:%M:%S"))
    assert tokens["Script"]["revoked_at"] is None
    assert tokens["Old laptop"]["last_used_at"] is None
    assert tokens["Old laptop"]["revoked_at"] is not None
    for token, raw in [(script, script_raw), (old, old_raw)]:
        assert token.key_hash not in text
        secret = raw.removeprefix(f"gx_{token.key_id}_")  # may itself hold "_" and "-"
        assert raw not in text and secret not in text
    assert "key_hash" not in text and "Bob's bot" not in text and bob_raw not in text


def test_a_member_without_tokens_exports_an_empty_list(alice):
    assert _data(alice)["api_tokens"] == []


def test_an_export_part_cannot_take_a_taken_name(monkeypatch):
    monkeypatch.setattr(members, "_export_parts", dict(members._export_parts))
    member_export_part_register("api_tokens", tokens_exported)  # the same again: nothing
    with pytest.raises(ImproperlyConfigured):
        member_export_part_register("api_tokens", lambda member: [])


def test_an_export_part_cannot_replace_the_exports_own(monkeypatch, alice):
    monkeypatch.setattr(members, "_export_parts", {"contacts": lambda member: []})
    with pytest.raises(ImproperlyConfigured):
        member_export(member=alice)


def test_deleting_the_account_deletes_its_tokens(client, alice, bob):
    _token, raw = access_token_create(member=alice, name="Script", scope=Scope.WRITE)
    _bobs, bob_raw = access_token_create(member=bob, name="Bob's bot", scope=Scope.READ)
    client.force_login(alice)
    response = client.post(
        reverse("accounts:delete"), {"password": "correct horse 42", "confirm": "on"}
    )
    assert response.status_code == 302
    assert list(AccessToken.objects.values_list("name", flat=True)) == ["Bob's bot"]
    client.logout()
    assert client.get("/api/requests", **bearer(raw)).status_code == 401
    assert client.get("/api/requests", **bearer(bob_raw)).status_code == 200


def test_a_moderator_deleting_an_account_deletes_its_tokens(client, staff, alice, bob):
    access_token_create(member=bob, name="Inbox script", scope=Scope.READ)
    access_token_create(member=alice, name="Spreadsheet", scope=Scope.READ)
    client.force_login(staff)
    url = reverse("admin:accounts_user_delete", args=[bob.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert list(AccessToken.objects.values_list("name", flat=True)) == ["Spreadsheet"]


def test_member_delete_takes_the_tokens(alice):
    access_token_create(member=alice, name="Script", scope=Scope.WRITE)
    member_delete(member=alice)
    assert not AccessToken.objects.exists()
