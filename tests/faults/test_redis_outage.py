"""Redis away: the site serves from PostgreSQL (issue: keeps working when Redis or PostgreSQL
blinks, item 2). A Redis server of the test's own is killed under a signed-in member: no 500,
nobody logged out, writes saved, failed sign-ins still counted; and nothing Redis kept from
before is read back when it returns."""

import time

import pytest
import redis
from django.core.cache import caches

from contacts.models import Contact

BLOCKED = "Too many failed attempts to log in"
PAGES = [
    "/",
    "/companies/",
    "/companies/acme-semiconductor/",
    "/my-requests/",
    "/inbox/",
    "/contacts/",
    "/contacts/keep-in-touch/",
    "/network/",
    "/notifications/",
    "/account/profile/",
]


@pytest.fixture
def redis_settings(settings, private_redis):
    url = private_redis.url()
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "guanxi.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"FALLBACK": "database"},
        },
        "sessions": {"BACKEND": "guanxi.cache.RedisCache", "LOCATION": url},
    }
    yield private_redis
    for alias in ("default", "sessions"):
        caches[alias]._down_until = 0.0


def sign_in(client, email, password="correct horse 42", ip="10.0.0.1"):
    return client.post(
        "/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=ip,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def visit_all(client):
    answers = {path: client.get(path, HTTP_ACCEPT_LANGUAGE="en") for path in PAGES}
    return {path: r.status_code for path, r in answers.items()}, answers


def test_the_site_keeps_serving_signed_in_members_while_redis_is_down(
    client, alice, bob, channel, referral, redis_settings
):
    assert sign_in(client, "alice@example.com").status_code == 302
    codes, _ = visit_all(client)
    assert set(codes.values()) == {200}, codes
    assert redis.Redis.from_url(redis_settings.url()).dbsize() > 0  # sessions and counters in Redis

    redis_settings.kill()
    codes, answers = visit_all(client)
    assert set(codes.values()) == {200}, codes  # no 500, and not sent to the login page
    assert "Alice Lin" in answers["/account/profile/"].content.decode()
    response = client.post(
        "/contacts/new/", {"name": "Mei Lin", "company": "Acme", "cadence_days": 30}
    )
    assert response.status_code == 302
    assert Contact.objects.filter(owner=alice, name="Mei Lin").exists()
    assert "Mei Lin" in client.get("/contacts/").content.decode()  # the change shows

    # Another visitor guesses bob's password: still counted (in the database) and refused.
    guesser = type(client)()
    for _ in range(5):
        assert sign_in(guesser, "bob@example.com", "wrong", ip="10.0.0.9").status_code == 200
    refused = sign_in(guesser, "bob@example.com", "correct horse 42", ip="10.0.0.8")
    assert BLOCKED in refused.content.decode()
    assert "_auth_user_id" not in guesser.session

    redis_settings.start()  # empty: it kept nothing
    time.sleep(caches["default"].retry_after + 0.1)
    codes, answers = visit_all(client)
    assert set(codes.values()) == {200}, codes
    assert "Alice Lin" in answers["/account/profile/"].content.decode()


def test_sign_in_and_out_work_while_redis_is_down(client, alice, redis_settings):
    redis_settings.kill()
    assert sign_in(client, "alice@example.com").status_code == 302
    assert client.get("/my-requests/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/my-requests/").status_code == 302  # to the login page


def test_what_redis_kept_from_before_is_not_read_back(settings, private_redis):
    """A partition rather than a restart: Redis keeps its data while we cannot reach it. A
    session deleted meanwhile (a logout) must not come back from Redis's old copy."""
    settings.CACHES = {
        **settings.CACHES,
        "partitioned": {"BACKEND": "guanxi.cache.RedisCache", "LOCATION": private_redis.url()},
    }
    cache = caches["partitioned"]
    cache.set("session:alice", {"member": 1})
    cache.set("version:companies", 1)
    admin = redis.Redis.from_url(private_redis.url())
    admin.execute_command("CLIENT", "PAUSE", 1500, "ALL")  # every command waits 1.5 s
    started = time.monotonic()
    cache.delete("session:alice")  # times out after 0.5 s: remembered
    assert cache.get("version:companies") is None  # no cache meanwhile: a miss, at once
    cache.set("version:companies", 2)
    assert time.monotonic() - started < 1.5  # failed fast, once
    time.sleep(1.5 + cache.retry_after)
    assert cache.get("session:alice") is None
    assert cache.get("version:companies") is None
    cache.set("version:companies", 3)
    assert cache.get("version:companies") == 3


def test_calls_fail_fast_while_redis_is_away(settings, private_redis):
    settings.CACHES = {
        **settings.CACHES,
        "gone": {"BACKEND": "guanxi.cache.RedisCache", "LOCATION": private_redis.url()},
    }
    cache = caches["gone"]
    cache.set("k", 1)
    private_redis.kill()
    started = time.monotonic()
    for _ in range(200):
        assert cache.get("k") is None
    # redis-py alone retries each call with backoff (seconds per call); we try once per
    # retry_after and answer from the fallback meanwhile.
    assert time.monotonic() - started < 2
