"""A PostgreSQL restart under a working worker stops no e-mail (issue: keeps working when Redis
or PostgreSQL blinks, item 1). The worker, the database and the mail are all real: our own
PostgreSQL is stopped for ten seconds while a ``task_worker`` delivers 300 notifications."""

import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from workers.tests.processes import count_files, delivered, start_worker, wait_for

from .servers import migrate_database

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="runs once, in the PostgreSQL pass of make test"
)

SEED = """
from accounts.models import User
from notifications.models import Kind
from notifications.services import notify_member
members = [
    User.objects.create_user(email=f"m{i}@example.com", password="x", display_name=f"M{i}")
    for i in range(10)
]
for i in range(300):
    notify_member(recipient=members[i % 10], kind=Kind.WARNING, subject=f"s{i}", message="m")
"""


def manage_shell(url: str, code: str) -> None:
    env = {"DATABASE_URL": url, "PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )


def jobs_left(server) -> int:
    try:
        with server.connect("guanxi", connect_timeout=2) as conn:
            return conn.execute(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult"
                " WHERE status <> 'SUCCESSFUL'"
            ).fetchone()[0]
    except Exception:
        return -1


def test_a_worker_rides_out_a_postgresql_restart(private_postgres, tmp_path):
    url = private_postgres.create_database("guanxi")
    migrate_database(url)
    manage_shell(url, SEED)
    maildir, log = tmp_path / "mail", tmp_path / "worker.log"
    worker = start_worker(database=url, maildir=maildir, log=log, DB_CONN_MAX_AGE=60)
    try:
        assert wait_for(lambda: count_files(maildir) >= 20, timeout=60)
        private_postgres.stop("fast")  # every connection is cut, mid-stream
        time.sleep(10)
        assert worker.poll() is None, "the worker must not exit while the database is away"
        private_postgres.start()
        assert wait_for(lambda: jobs_left(private_postgres) == 0, timeout=90, every=0.5), (
            log.read_text()[-3000:]
        )
        assert worker.poll() is None
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
    copies = delivered(maildir)
    assert len(copies) == 300, f"{300 - len(copies)} e-mails lost"
    assert sum(n - 1 for n in copies.values()) <= 1  # at most the one cut short by the outage
    with private_postgres.connect("guanxi") as conn:
        unsent = conn.execute(
            "SELECT count(*) FROM notifications_notification WHERE emailed_at IS NULL"
        ).fetchone()[0]
    assert unsent == 0
    assert "Database unavailable" in log.read_text()
