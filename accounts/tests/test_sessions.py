"""Sessions record their member (to end them all through an index) and are read from a cache."""

import importlib

import pytest
from django.apps import apps
from django.contrib.sessions.backends.db import SessionStore as OldStore
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import MemberSession
from accounts.sessions import member_sessions_end

LOCAL_SESSION_CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


@pytest.fixture
def session_cache(settings):
    """A real cache for sessions (production has Redis; the tests' default is a dummy)."""
    settings.CACHES = {**settings.CACHES, "sessions": LOCAL_SESSION_CACHE}
    caches["sessions"].clear()
    yield caches["sessions"]
    caches["sessions"].clear()


def _cached_keys(cache, member):
    keys = MemberSession.objects.filter(member=member).values_list("session_key", flat=True)
    return [key for key in keys if cache.get("django.contrib.sessions.cached_db" + key)]


def test_signing_in_through_the_form_records_the_member_on_the_session(client, alice):
    response = client.post(
        reverse("account_login"), {"login": "alice@example.com", "password": "correct horse 42"}
    )
    assert response.status_code == 302
    session = MemberSession.objects.get(session_key=client.cookies["sessionid"].value)
    assert session.member == alice
    assert client.get(reverse("referrals:my_requests")).status_code == 200


def test_a_visitors_session_belongs_to_nobody(client, db):
    session = client.session
    session["seen"] = True
    session.save()
    assert MemberSession.objects.get(session_key=session.session_key).member is None


def test_ending_a_members_sessions_signs_out_every_device_and_nobody_else(
    client, alice, bob, session_cache
):
    phone, laptop, bobs = client.__class__(), client.__class__(), client.__class__()
    phone.force_login(alice)
    laptop.force_login(alice)
    bobs.force_login(bob)
    my_requests = reverse("referrals:my_requests")
    for device in (phone, laptop, bobs):
        assert device.get(my_requests).status_code == 200
    assert len(_cached_keys(session_cache, alice)) == 2

    assert member_sessions_end(alice) == 2

    assert not MemberSession.objects.filter(member=alice).exists()
    assert not any(
        session_cache.get("django.contrib.sessions.cached_db" + device.cookies["sessionid"].value)
        for device in (phone, laptop)
    )
    assert phone.get(my_requests).status_code == 302
    assert laptop.get(my_requests).status_code == 302
    assert bobs.get(my_requests).status_code == 200
    assert member_sessions_end(alice) == 0


def test_a_signed_in_page_reads_its_session_from_the_cache(client, alice, settings):
    # Without a session cache (as without Redis), then with one.
    settings.CACHES = {
        **settings.CACHES,
        "sessions": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    client.force_login(alice)
    url = reverse("referrals:my_requests")
    client.get(url)
    with CaptureQueriesContext(connection) as without_cache:
        assert client.get(url).status_code == 200
    queries_without_cache = list(without_cache)  # read now: the query log is reset below

    settings.CACHES = {**settings.CACHES, "sessions": LOCAL_SESSION_CACHE}
    client.get(url)  # the first read fills the cache
    with CaptureQueriesContext(connection) as with_cache:
        assert client.get(url).status_code == 200
    session_queries = [q for q in with_cache if "accounts_membersession" in q["sql"]]
    assert session_queries == []
    assert any("accounts_membersession" in q["sql"] for q in queries_without_cache)
    assert len(with_cache) == len(queries_without_cache) - 1
    caches["sessions"].clear()


def test_the_switch_carries_over_live_sessions_with_their_member(alice):
    def old_session(data, *, expired=False):
        store = OldStore()
        store.update(data)
        store.create()
        if expired:
            Session.objects.filter(session_key=store.session_key).update(
                expire_date=timezone.now() - timezone.timedelta(days=1)
            )
        return store.session_key

    signed_in = old_session({"_auth_user_id": str(alice.pk)})
    visitor = old_session({"django_language": "en"})
    gone = old_session({"_auth_user_id": "987654"})
    expired = old_session({"_auth_user_id": str(alice.pk)}, expired=True)

    migration = importlib.import_module("accounts.migrations.0002_member_session")
    migration.move_sessions(apps, None)

    moved = {s.session_key: s.member_id for s in MemberSession.objects.all()}
    assert moved == {signed_in: alice.pk, visitor: None, gone: None}
    assert expired not in moved
    assert not Session.objects.exists()
    assert MemberSession.objects.get(session_key=signed_in).get_decoded()["_auth_user_id"] == str(
        alice.pk
    )


def test_the_sweeps_clearsessions_removes_expired_sessions_only(client, alice, bob):
    from django.core.management import call_command

    client.force_login(alice)
    other = client.__class__()
    other.force_login(bob)
    MemberSession.objects.filter(member=bob).update(
        expire_date=timezone.now() - timezone.timedelta(minutes=1)
    )
    call_command("clearsessions")
    assert list(MemberSession.objects.values_list("member", flat=True)) == [alice.pk]
