"""Worker processes killed with SIGKILL at random moments lose nothing (issue: background work
survives a crashed worker). On PostgreSQL (``.ci/run``), with real ``task_worker`` processes
delivering into a Maildir, counted by Message-ID.

The promise: every e-mail is delivered; a crash repeats at most the one e-mail it interrupted;
no job is left RUNNING; all within a bounded time.
"""

import os
import random
import signal
import time

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from conftest import make_member
from guanxi.mail import stable_message_id
from notifications.models import Kind, Notification
from notifications.services import notify_member
from workers.models import Worker
from workers.tests.processes import (
    count_files,
    database_url,
    delivered,
    start_worker,
    wait_for,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="worker processes need a shared PostgreSQL"
    ),
]

SEED = int(os.environ.get("FAULT_SEED", time.time()))


def kill_at_random_moments(*, maildir, log, pending, kills: int, rng) -> int:
    """Start a worker, let it deliver a random few more messages, SIGKILL it mid-stream;
    ``kills`` times. Returns how many kills hit a worker with work still pending."""
    hits = 0
    for _ in range(kills):
        worker = start_worker(database=database_url(), maildir=maildir, log=log)
        before = count_files(maildir)
        target = before + rng.randint(3, 30)
        wait_for(
            lambda w=worker, t=target: count_files(maildir) >= t or w.poll() is not None,
            timeout=60,
        )
        time.sleep(rng.uniform(0, 0.03))  # anywhere: building, sending, recording
        still_pending = pending()
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        hits += bool(still_pending)
    return hits


def finish(*, maildir, log, pending, timeout: float) -> float:
    started = time.monotonic()
    worker = start_worker(database=database_url(), maildir=maildir, log=log)
    try:
        done = wait_for(lambda: not pending(), timeout=timeout, every=0.2)
        assert done, f"work still pending after {timeout} s; worker log: {log.read_text()[-3000:]}"
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=20)
    assert worker.returncode == 0  # a signal stops it cleanly
    return time.monotonic() - started


def test_notification_emails_survive_workers_killed_mid_send(tmp_path):
    rng = random.Random(SEED)
    members = [make_member(f"crash{i}@example.com", f"Crash {i}") for i in range(20)]
    ids = [
        notify_member(
            recipient=members[i % 20], kind=Kind.WARNING, subject=f"n{i}", message=f"#{i}"
        ).pk
        for i in range(240)
    ]
    maildir, log = tmp_path / "mail", tmp_path / "worker.log"

    def pending():
        return DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()

    hits = kill_at_random_moments(maildir=maildir, log=log, pending=pending, kills=4, rng=rng)
    assert hits >= 3, f"seed {SEED}: the kills must land while work is pending"
    assert finish(maildir=maildir, log=log, pending=pending, timeout=90) < 90

    copies = delivered(maildir)
    expected = {stable_message_id("notification", pk) for pk in ids}
    assert set(copies) == expected, f"seed {SEED}: lost {len(expected - set(copies))}"
    repeated = {mid: n for mid, n in copies.items() if n > 1}
    assert sum(n - 1 for n in repeated.values()) <= hits, (SEED, repeated)
    assert all(n <= 2 for n in copies.values()), (SEED, repeated)
    assert not Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).exists()
    assert not DBTaskResult.objects.filter(status__in=["RUNNING", "READY", "FAILED"]).exists()
    # The last worker unregistered on SIGTERM; the killed ones are remembered (for a day).
    assert Worker.objects.count() == 4
    print(f"seed {SEED}: {hits} kills mid-work, {len(repeated)} e-mails delivered twice")


def test_digest_batches_survive_workers_killed_mid_batch(tmp_path):
    from contacts.models import DigestSent
    from contacts.services import reminder_settings_save
    from contacts.tasks import digests_enqueue_due
    from contacts.tests.test_digest import _relationship

    rng = random.Random(SEED + 1)
    members = [make_member(f"digest{i}@example.com", f"Digest {i}") for i in range(160)]
    for member in members:
        _relationship(member)
        reminder_settings_save(member=member, frequency="daily")
    assert digests_enqueue_due(batch_size=20) == 160  # 8 batches of 20 e-mails
    maildir, log = tmp_path / "mail", tmp_path / "worker.log"

    def pending():
        return DigestSent.objects.filter(sent_at__isnull=True).exists() or (
            DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
        )

    hits = kill_at_random_moments(maildir=maildir, log=log, pending=pending, kills=3, rng=rng)
    assert hits >= 3, f"seed {SEED}: the kills must land while work is pending"
    finish(maildir=maildir, log=log, pending=pending, timeout=90)

    copies = delivered(maildir)
    rows = dict(DigestSent.objects.values_list("member_id", "pk"))
    expected = {stable_message_id("digest", rows[m.pk]) for m in members}
    assert set(copies) == expected, f"seed {SEED}: skipped {len(expected - set(copies))}"
    assert sum(n - 1 for n in copies.values()) <= hits, SEED
    assert DigestSent.objects.filter(item_count=1).count() == 160
    print(f"seed {SEED}: {hits} kills mid-work, {sum(n - 1 for n in copies.values())} repeats")
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()


def test_sigterm_stops_a_worker_after_its_current_job(tmp_path):
    member = make_member("term@example.com", "Term")
    for i in range(150):
        notify_member(recipient=member, kind=Kind.WARNING, subject=f"t{i}", message="x")
    maildir, log = tmp_path / "mail", tmp_path / "worker.log"
    worker = start_worker(database=database_url(), maildir=maildir, log=log)
    assert wait_for(lambda: count_files(maildir) >= 10, timeout=30)
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=20) == 0
    # Nothing half-done: no job RUNNING, every job that finished is counted once.
    assert not DBTaskResult.objects.filter(status="RUNNING").exists()
    sent = Notification.objects.filter(emailed_at__isnull=False).count()
    assert sent == count_files(maildir) == DBTaskResult.objects.filter(status="SUCCESSFUL").count()
    assert sent < 150
    assert not Worker.objects.exists()
    assert User.objects.count() == 1
    assert timezone.now()
