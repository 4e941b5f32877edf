"""A production start (issue "The production path", docs/deploy.md): the settings a deployment
uses — GUANXI_ENV=production, a secret key, the allowed host, PostgreSQL (the test database),
Redis (a private one), resumes in S3-compatible object storage (the local moto server), e-mail
to files — pass `manage.py check --deploy`, collect the static files, and serve pages under
gunicorn behind a pretend TLS proxy: it connects from 127.0.0.1 (gunicorn's default
--forwarded-allow-ips) and says `X-Forwarded-Proto: https`, as docs/deploy.md's nginx does. A
member signs in and asks for a referral with a PDF through the form; the resume lands in the
bucket, and the referrer downloads it back."""

import http.client
import json
import os
import re
import secrets
import subprocess
import sys
import time
import uuid
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from conftest import make_channel, make_member, pdf_bytes
from referrals.models import ReferralRequest, Status
from resumes.models import ResumeAccess

from .servers import free_port

HOST = "guanxi.example"
PASSWORD = "production 42"
# What the process environment must not bring in from the developer's or CI's shell.
NOT_INHERITED = (
    "GUANXI_ENV",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "REDIS_URL",
    "EMAIL_URL",
    "RESUME_STORAGE_BACKEND",
    "RESUME_STORAGE_OPTIONS",
    "PRIVATE_MEDIA_ROOT",
    "TRUSTED_PROXY_SSL_HEADER",
    "GUANXI_TEST_S3",
)


class ProxiedBrowser:
    """A browser seen through a TLS-terminating proxy on the same machine: every request reaches
    gunicorn over plain HTTP with the visitor's Host and `X-Forwarded-Proto: https`. It keeps
    its cookies (Secure ones included, since the visitor's side is HTTPS) and follows
    redirects within the site."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.set_cookie_headers: list[str] = []

    def request(self, method: str, path: str, body: bytes | None = None, headers=None, proxy=True):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Host": HOST, "Accept-Language": "en", **(headers or {})}
        if proxy:
            sent["X-Forwarded-Proto"] = "https"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            content = response.read()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.set_cookie_headers.append(header)
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response, content

    def get(self, path: str, **kwargs):
        response, content = self.request("GET", path, **kwargs)
        while response.status in (301, 302) and kwargs.get("proxy", True):
            location = urlsplit(response.headers["Location"])
            assert location.netloc in ("", HOST), response.headers["Location"]
            response, content = self.request("GET", location.path or "/")
        return response, content

    def post(self, path: str, fields: dict, files: dict | None = None):
        """Submit the form at ``path`` as a browser would: the page first (its CSRF token), then
        the form, with the Referer of an HTTPS page of the site (Django checks it on HTTPS)."""
        response, page = self.get(path)
        assert response.status == 200, page[:500]
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        fields = {**fields, "csrfmiddlewaretoken": token}
        if files:
            boundary = uuid.uuid4().hex
            body = b"".join(
                [
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n'.encode()
                    + str(v).encode()
                    + b"\r\n"
                    for k, v in fields.items()
                ]
                + [
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; '
                    f'filename="{name}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
                    + data
                    + b"\r\n"
                    for k, (name, data) in files.items()
                ]
                + [f"--{boundary}--\r\n".encode()]
            )
            content_type = f"multipart/form-data; boundary={boundary}"
        else:
            body = urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        return self.request(
            "POST",
            path,
            body=body,
            headers={"Content-Type": content_type, "Referer": f"https://{HOST}{path}"},
        )


def _manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def production(request, transactional_db, tmp_path):
    """gunicorn in production mode on a free port: (its port, the S3 server, the bucket)."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "A production start needs a database server the gunicorn process can open: this "
            "test runs in the PostgreSQL pass of make test (DATABASE_URL)"
        )
    # Only now, so that the skip above starts no server.
    private_redis = request.getfixturevalue("private_redis")
    s3_server = request.getfixturevalue("s3_server")
    s3_bucket = request.getfixturevalue("s3_bucket")
    db = connection.settings_dict
    user, host, port = db["USER"] or "postgres", db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    env = {
        **{k: v for k, v in os.environ.items() if k not in NOT_INHERITED},
        "DJANGO_SETTINGS_MODULE": "guanxi.settings",
        "GUANXI_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SITE_URL": f"https://{HOST}",
        "DATABASE_URL": f"postgres://{user}{password}@{host}:{port}/{db['NAME']}",
        "DB_CONN_MAX_AGE": "0",
        "REDIS_URL": private_redis.url(),
        "RESUME_STORAGE_BACKEND": "resumes.s3.PrivateS3Storage",
        "RESUME_STORAGE_OPTIONS": json.dumps(s3_server.storage_options(s3_bucket)),
        "EMAIL_URL": f"maildir://{tmp_path / 'mail'}",
        "GUANXI_VAR_DIR": str(tmp_path / "var"),
    }
    check = _manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "no issues" in check.stdout
    collected = _manage(env, "collectstatic", "--noinput", "-v0")
    assert collected.returncode == 0, collected.stdout + collected.stderr

    port = free_port()
    log = tmp_path / "gunicorn.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "guanxi.wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning"],
            cwd=settings.BASE_DIR, env=env, stdin=subprocess.DEVNULL, stdout=out,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, f"gunicorn ended:\n{log.read_text()[-3000:]}"
            try:
                ProxiedBrowser(port).request("GET", "/", proxy=False)
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not answer in 60 s"
                time.sleep(0.2)
        yield port, s3_server, s3_bucket
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert "Traceback" not in log.read_text(), log.read_text()[-3000:]


def _member(email: str, name: str):
    member = make_member(email, name)
    # The process uses the real password hashers, not the tests' fast one.
    member.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    member.save(update_fields=["password"])
    return member


def _sign_in(browser: ProxiedBrowser, email: str) -> None:
    response, _page = browser.post("/accounts/login/", {"login": email, "password": PASSWORD})
    assert response.status == 302, _page[:1000]


def test_a_production_start_serves_pages_signs_in_and_stores_a_resume_in_the_bucket(
    production, acme
):
    port, s3_server, bucket = production
    bob = _member("bob@example.com", "Bob Chen")
    channel = make_channel(bob, acme, job_title="Senior engineer")
    _member("alice@example.com", "Alice Lin")
    visitor = ProxiedBrowser(port)

    # Plain HTTP, not through the proxy: sent to HTTPS (SECURE_SSL_REDIRECT), nothing else.
    response, _ = visitor.request("GET", "/companies/", proxy=False)
    assert response.status == 301
    assert response.headers["Location"] == f"https://{HOST}/companies/"

    # Through the proxy: the pages, with HSTS, and the collected static files by whitenoise.
    for path in ("/", acme.get_absolute_url()):
        response, page = visitor.get(path)
        assert response.status == 200, (path, page[:1000])
        assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Acme Semiconductor" in page.decode()
    css = re.search(rb'href="(/static/css/guanxi\.[0-9a-f]{12}\.css)"', page).group(1).decode()
    response, _ = visitor.get(css)
    assert response.status == 200 and "immutable" in response.headers["Cache-Control"]

    alice = ProxiedBrowser(port)
    _sign_in(alice, "alice@example.com")
    session = next(h for h in alice.set_cookie_headers if h.startswith("sessionid="))
    assert "Secure" in session and "HttpOnly" in session
    ask = f"/ask/{channel.pk}/"
    response, page = alice.post(
        ask,
        {
            "kind": "referral",
            "position_title": "Backend engineer",
            "job_url": "https://acme.example/jobs/1",
            "job_id": "R-1",
            "location": "Taipei",
            "resume": "",
            "keep_in_library": "on",
            "note": "Five years of Django; I love semiconductors.",
            "confirm_instructions": "on",
            "confirm_accurate": "on",
        },
        files={"upload": ("my cv.pdf", pdf_bytes("Alice Lin"))},
    )
    referral = ReferralRequest.objects.select_related("resume").get()
    assert response.status == 302 and response.headers["Location"] == referral.get_absolute_url()
    assert referral.status == Status.SUBMITTED and referral.resume.original_name == "my cv.pdf"
    assert s3_server.keys(bucket) == [referral.resume.file.name]

    referrer = ProxiedBrowser(port)
    _sign_in(referrer, "bob@example.com")
    response, pdf = referrer.get(f"/inbox/{referral.pk}/resume/")
    assert response.status == 200 and pdf.startswith(b"%PDF-")
    assert len(pdf) == referral.resume.size
    assert ResumeAccess.objects.get().viewer == bob
