"""Production settings: refuse to start without a secret, pass Django's deployment checks, send
the security headers, and trust a proxy's HTTPS header only when told to."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware
from django.test import RequestFactory
from django.urls import reverse

from conftest import make_request
from guanxi.middleware import PrivateCacheMiddleware

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**clean, "GUANXI_VAR_DIR": "/tmp/guanxi-prod-check", **env},
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", GUANXI_ENV="production", ALLOWED_HOSTS="guanxi.example")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deployment_checks():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        GUANXI_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="guanxi.example",
        DATABASE_URL="sqlite:////tmp/guanxi-prod-check.sqlite3",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_linkedin_over_plain_http():
    """Guanxi trusts what it fetched itself from LinkedIn over TLS (docs/security.md)."""
    result = _manage(
        "check",
        GUANXI_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="guanxi.example",
        DATABASE_URL="sqlite:////tmp/guanxi-prod-check.sqlite3",
        LINKEDIN_CLIENT_ID="id",
        LINKEDIN_CLIENT_SECRET="secret",
        LINKEDIN_OIDC_URL="http://linkedin.example/oauth",
    )
    assert result.returncode != 0
    assert "LINKEDIN_OIDC_URL must be an https:// address in production." in result.stderr


def test_security_headers_on_every_page(client, db):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "style-src 'self';" in csp
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert "frame-ancestors 'none'" in csp
    for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
        assert f"{feature}=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert settings.SESSION_COOKIE_HTTPONLY


# What production settings say about security, read from a process started with GUANXI_ENV=
# production; the tests below apply them to this process's settings.
PRODUCTION_SECURITY_SETTINGS = [
    "DEBUG",
    "MIDDLEWARE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
    "PERMISSIONS_POLICY",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "LANGUAGE_COOKIE_SECURE",
]


def _production_settings(**env) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {PRODUCTION_SECURITY_SETTINGS!r}}}))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "guanxi.settings",
            "GUANXI_VAR_DIR": "/tmp/guanxi-prod-check",
            "GUANXI_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "guanxi.example",
            **env,
        },
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def production():
    return _production_settings()


@pytest.fixture
def in_production(production, settings):
    for name, value in production.items():
        setattr(settings, name, tuple(value) if isinstance(value, list) else value)
    settings.MIDDLEWARE = production["MIDDLEWARE"]
    settings.ALLOWED_HOSTS = ["guanxi.example"]
    return production


def _assert_production_headers(response):
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
        assert f"{feature}=()" in response["Permissions-Policy"]


def test_production_headers_on_a_public_page_a_signed_in_page_and_a_download(
    in_production, client, alice, channel
):
    resume = make_request(alice, channel).resume

    def get(url):
        return client.get(url, secure=True, HTTP_HOST="guanxi.example")

    public = get(reverse("companies:list"))
    assert public.status_code == 200
    _assert_production_headers(public)
    csp = public["Content-Security-Policy"]
    assert "style-src 'self';" in csp and "script-src 'self';" in csp
    assert "'unsafe-inline'" not in csp
    assert "no-store" not in public.get("Cache-Control", "")  # anonymous pages: unchanged

    client.force_login(alice)
    page = get(reverse("referrals:my_requests"))
    assert page.status_code == 200
    _assert_production_headers(page)
    assert page["Content-Security-Policy"] == csp
    assert page["Cache-Control"] == "private, no-store"

    download = get(reverse("resumes:download", args=[resume.pk]))
    assert download.status_code == 200
    _assert_production_headers(download)
    assert download["Cache-Control"] == "private, no-store"
    assert download["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert download["Content-Disposition"].startswith("attachment")


def test_signed_in_responses_are_never_stored(client, alice):
    assert "Cache-Control" not in client.get(reverse("home"))
    client.force_login(alice)
    for name in ["home", "resumes:library", "accounts:privacy", "notifications:list"]:
        assert client.get(reverse(name))["Cache-Control"] == "private, no-store", name
    # A view that already forbids storing keeps its own header; any other is overruled.
    assert client.get(reverse("contacts:export_csv"))["Cache-Control"] == "no-store"
    request = RequestFactory().get("/")
    request.user = alice

    def cacheable(request):
        return HttpResponse(headers={"Cache-Control": "public, max-age=600"})

    assert PrivateCacheMiddleware(cacheable)(request)["Cache-Control"] == "private, no-store"


def test_a_forged_forwarded_proto_does_not_make_a_plain_request_secure(in_production, client, db):
    assert in_production["SECURE_PROXY_SSL_HEADER"] is None
    forged = {"HTTP_HOST": "guanxi.example", "HTTP_X_FORWARDED_PROTO": "https"}
    request = RequestFactory().get("/", **forged)
    assert not request.is_secure()
    response = client.get("/", **forged)
    assert response.status_code == 301
    assert response["Location"] == "https://guanxi.example/"


def test_the_proxy_https_header_is_trusted_only_when_configured():
    trusted = _production_settings(TRUSTED_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO")
    assert trusted["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    header = tuple(trusted["SECURE_PROXY_SSL_HEADER"])
    request = RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "SECURE_PROXY_SSL_HEADER", header, raising=False)
        assert request.is_secure()
        assert SecurityMiddleware(lambda r: HttpResponse()).process_request(request) is None
