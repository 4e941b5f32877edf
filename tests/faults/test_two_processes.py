"""Two web processes, one PostgreSQL and one Redis (issue "The production path"): what a member
does through one process is seen at once through the other, because nothing that matters lives
in one process's memory — sessions, rate-limit counts and pages all come from the shared
servers. Two gunicorn processes of the test's own serve the test database; Redis is a private
one, so the shared Redis is never touched."""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from accounts.models import User
from conftest import make_member

from .servers import free_port

PASSWORD = "two processes 42"
BLOCKED = "Too many failed attempts to log in"


class Browser:
    """One member's browser: its cookies go to whichever process it asks."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, url: str) -> tuple[int, str]:
        request = urllib.request.Request(url, headers={"Accept-Language": "en"})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, url: str, fields: dict) -> tuple[int, str]:
        status, page = self.get(url)  # the form, and the CSRF cookie with it
        assert status == 200, page[:500]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(
            url, data=data, headers={"Accept-Language": "en", "Referer": url}
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def _serve(port: int, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "guanxi.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--log-level",
            "warning",
        ],  # fmt: skip
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn ended: {process.stderr.read().decode()[-3000:]}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return  # it answered
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer in {timeout} s")


@pytest.fixture
def two_processes(transactional_db, private_redis):
    if connection.vendor != "postgresql":
        pytest.skip(
            "Two processes need a database server both can open: this test runs in the "
            "PostgreSQL pass of make test (DATABASE_URL)"
        )
    db = connection.settings_dict
    user, host, port = db["USER"] or "postgres", db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    database_url = f"postgres://{user}@{host}:{port}/{db['NAME']}"
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "GUANXI_ENV")},
        "DATABASE_URL": database_url,
        "REDIS_URL": private_redis.url(),
        "DJANGO_SETTINGS_MODULE": "guanxi.settings",
        "DB_CONN_MAX_AGE": "0",
    }
    processes, urls = [], []
    try:
        for _ in range(2):
            port = free_port()
            processes.append(_serve(port, env))
            urls.append(f"http://127.0.0.1:{port}")
        for url, process in zip(urls, processes, strict=True):
            _wait_up(url + "/", process)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def _member(email: str, name: str) -> User:
    member = make_member(email, name)
    # The processes use the real password hashers, not the tests' fast one.
    member.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    member.save(update_fields=["password"])
    return member


def test_a_change_made_through_one_process_is_seen_at_once_through_the_other(two_processes):
    one, other = two_processes
    _member("mei@example.com", "Mei Lin")
    browser = Browser()

    status, _page = browser.post(
        one + "/accounts/login/", {"login": "mei@example.com", "password": PASSWORD}
    )
    assert status == 200  # redirected, and the page after it answered
    status, page = browser.get(other + "/contacts/")
    assert status == 200 and "Mei Lin" in page  # signed in on both: the session is shared

    status, _page = browser.post(
        one + "/contacts/new/", {"name": "Kevin Lin", "company": "Acme", "cadence_days": 30}
    )
    assert status == 200
    status, page = browser.get(other + "/contacts/")
    assert "Kevin Lin" in page  # written through one, listed at once by the other

    status, _page = browser.post(other + "/accounts/logout/", {})
    assert status == 200
    status, page = browser.get(one + "/contacts/")
    assert "Kevin Lin" not in page and 'name="password"' in page  # signed out on both


def test_failed_sign_ins_are_counted_across_processes(two_processes):
    one, other = two_processes
    _member("ann@example.com", "Ann Wu")
    guesser = Browser()
    for attempt in range(5):  # the limit is 5 failures an account: spread over both
        url = (one, other)[attempt % 2]
        status, page = guesser.post(
            url + "/accounts/login/", {"login": "ann@example.com", "password": "wrong"}
        )
        assert status == 200 and BLOCKED not in page
    for url in (one, other):
        status, page = Browser().post(
            url + "/accounts/login/", {"login": "ann@example.com", "password": PASSWORD}
        )
        assert BLOCKED in page  # refused by both, even with the right password
