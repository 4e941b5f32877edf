"""Limits against abuse, with a moved clock. Counters live in the shared cache (database or
Redis), never in one process's memory."""

from datetime import timedelta

import time_machine
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from feedback.models import Feedback
from guanxi.ratelimit import client_ip
from referrals.models import ReferralRequest

LOGIN = "/accounts/login/"
BLOCKED = "Too many failed attempts to log in"  # our wording of allauth's (accounts/words.py)


def _login(client, email, password, ip="10.0.0.1"):
    return client.post(
        LOGIN, {"login": email, "password": password}, REMOTE_ADDR=ip, HTTP_ACCEPT_LANGUAGE="en"
    )


def test_cache_is_shared_across_processes():
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend in {
        "guanxi.cache.DatabaseCache",
        "guanxi.cache.RedisCache",
    }


def test_login_blocked_per_account_even_with_the_right_password(client, alice):
    for _ in range(5):
        assert _login(client, "alice@example.com", "wrong").status_code == 200
    response = _login(client, "alice@example.com", "correct horse 42", ip="10.0.0.2")
    assert BLOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        response = _login(client, "alice@example.com", "correct horse 42", ip="10.0.0.3")
        assert response.status_code == 302


def test_unknown_and_known_emails_look_the_same(client, alice):
    for _ in range(5):
        _login(client, "alice@example.com", "wrong", ip="10.0.1.1")
        _login(client, "nobody@example.com", "wrong", ip="10.0.2.1")
    known = _login(client, "alice@example.com", "wrong", ip="10.0.1.1").content.decode()
    unknown = _login(client, "nobody@example.com", "wrong", ip="10.0.2.1").content.decode()
    assert BLOCKED in known and BLOCKED in unknown


def test_login_blocked_per_ip(client, alice, bob):
    for i in range(10):
        _login(client, f"someone{i}@example.com", "wrong", ip="10.9.9.9")
    response = _login(client, "bob@example.com", "correct horse 42", ip="10.9.9.9")
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_signup_is_rate_limited_per_ip(db, client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/h/ip"}
    for i in range(3):
        response = client.post(
            "/accounts/signup/",
            {
                "email": f"new{i}@example.com",
                "password1": "a long pass 123!",
                "password2": "a long pass 123!",
            },
            REMOTE_ADDR="10.1.1.1",
        )
    assert response.status_code == 429


def test_feedback_is_rate_limited_per_ip(db, client):
    url = reverse("feedback:create")
    for i in range(10):
        client.post(url, {"message": f"note {i}"}, REMOTE_ADDR="10.2.2.2")
    response = client.post(url, {"message": "one more"}, REMOTE_ADDR="10.2.2.2")
    assert response.status_code == 200
    assert Feedback.objects.count() == 10
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
        client.post(url, {"message": "next hour"}, REMOTE_ADDR="10.2.2.2")
    assert Feedback.objects.count() == 11


def test_request_attempts_are_rate_limited(client, alice, channel, monkeypatch):
    from guanxi.ratelimit import Limit
    from referrals.views import seeker

    monkeypatch.setattr(seeker, "ASK_ATTEMPTS_PER_HOUR", Limit("ask", 2, 3600))
    client.force_login(alice)
    url = reverse("referrals:ask", args=[channel.pk])
    for _ in range(2):
        client.post(url, {"kind": "referral"})  # incomplete: refused by the form
    response = client.post(
        url,
        {
            "kind": "advice",
            "position_title": "SRE",
            "note": "Hello",
            "confirm_instructions": "on",
            "confirm_accurate": "on",
        },
    )
    assert "Too many attempts" in response.content.decode()
    assert ReferralRequest.objects.count() == 0


def test_client_ip_trusts_a_proxy_header_only_when_configured(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    settings.TRUSTED_PROXY_HEADER = ""
    assert client_ip(request) == "10.0.0.5"
    settings.TRUSTED_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"  # the spoofed first value is ignored


def test_failed_sign_ins_count_for_the_account_whatever_the_host_says(client, alice):
    # allauth keyed the count on the request's host, port included: each port got five guesses.
    for port in range(1, 6):
        client.post(
            LOGIN,
            {"login": "alice@example.com", "password": "wrong"},
            REMOTE_ADDR=f"10.3.3.{port}",
            HTTP_HOST=f"testserver:{port}",
            HTTP_ACCEPT_LANGUAGE="en",
        )
    response = client.post(
        LOGIN,
        {"login": "alice@example.com", "password": "correct horse 42"},
        REMOTE_ADDR="10.3.3.9",
        HTTP_HOST="testserver:9",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert BLOCKED in response.content.decode()
