"""Leases, retries and the moderators' view of background jobs (in-process; the crash and outage
trials with real worker processes are in test_crash_recovery.py)."""

import datetime
import signal

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import run_tasks
from notifications.models import Kind, Notification
from notifications.services import notify_member
from workers.models import Worker
from workers.services import (
    job_failed,
    job_succeeded,
    jobs_requeue_stalled,
    worker_heartbeat,
    worker_register,
)
from workers.worker import TaskWorker


def queue_email(member) -> Notification:
    return notify_member(recipient=member, kind=Kind.WARNING, message="Hello", subject="Hi")


def claim(worker_id: str) -> DBTaskResult:
    job = DBTaskResult.objects.ready().get_locked()
    job.claim(worker_id)
    return job


def test_a_job_whose_worker_stopped_answering_runs_again(alice, settings):
    settings.TASK_LEASE_SECONDS = 60
    notification = queue_email(alice)
    worker_register(worker_id="w-dead", hostname="h", pid=1)
    claim("w-dead")  # ...and the worker is killed here
    assert jobs_requeue_stalled() == 0  # within its lease nothing is taken from it
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=61)):
        assert jobs_requeue_stalled() == 1
        job = DBTaskResult.objects.get()
        assert job.status == "READY" and "w-dead" in job.traceback
        run_tasks_allowing_history()
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def run_tasks_allowing_history():
    """run_tasks() refuses any job that recorded an error; a requeued job records why it was
    requeued until it succeeds, so check the outcome instead."""
    from unittest import mock

    from django.core.management import call_command

    with mock.patch("workers.worker.close_old_connections"):
        call_command("task_worker", "--batch", verbosity=0)


def test_a_live_workers_long_job_is_left_alone(alice, settings):
    settings.TASK_LEASE_SECONDS = 60
    queue_email(alice)
    worker_register(worker_id="w-busy", hostname="h", pid=2)
    claim("w-busy")
    later = timezone.now() + datetime.timedelta(minutes=10)
    with time_machine.travel(later):
        worker_heartbeat(worker_id="w-busy", hostname="h", pid=2)  # still beating
        assert jobs_requeue_stalled() == 0
    assert DBTaskResult.objects.get().status == "RUNNING"


def test_requeue_happens_once_however_many_workers_reap(alice, settings):
    settings.TASK_LEASE_SECONDS = 1
    queue_email(alice)
    claim("w-gone")
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5)):
        assert jobs_requeue_stalled() == 1
        assert jobs_requeue_stalled() == 0


def test_a_worker_that_comes_back_does_not_overwrite_the_newer_attempt(alice, settings):
    settings.TASK_LEASE_SECONDS = 1
    queue_email(alice)
    old = claim("w-slow")
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5)):
        jobs_requeue_stalled()
        claim("w-new")
        assert not job_succeeded(job=old, return_value=None)
        assert not job_failed(job=old, error=RuntimeError("late"))
    job = DBTaskResult.objects.get()
    assert job.status == "RUNNING" and job.worker_ids == ["w-slow", "w-new"]


def test_a_failing_job_is_retried_later_then_marked_failed(alice, settings, monkeypatch):
    from django.core.mail import EmailMultiAlternatives

    settings.TASK_MAX_ATTEMPTS = 3
    settings.TASK_RETRY_SECONDS = 30
    notification = queue_email(alice)

    def smtp_down(self, *a, **kw):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", smtp_down)
    start = timezone.now()
    run_tasks_allowing_history()
    job = DBTaskResult.objects.get()
    assert job.status == "READY" and "SMTP down" in job.traceback
    assert start + datetime.timedelta(seconds=29) < job.run_after
    assert job.run_after < start + datetime.timedelta(seconds=40)
    run_tasks_allowing_history()  # not due yet: nothing runs
    assert len(DBTaskResult.objects.get().worker_ids) == 1
    with time_machine.travel(start + datetime.timedelta(seconds=31), tick=False):
        run_tasks_allowing_history()
        job = DBTaskResult.objects.get()
        assert job.status == "READY" and len(job.worker_ids) == 2
        assert job.run_after == timezone.now() + datetime.timedelta(seconds=60)  # doubled
    with time_machine.travel(start + datetime.timedelta(seconds=200), tick=False):
        run_tasks_allowing_history()
    job = DBTaskResult.objects.get()
    assert job.status == "FAILED" and len(job.worker_ids) == 3
    notification.refresh_from_db()
    assert notification.emailed_at is None  # never marked sent: nothing was sent
    assert mail.outbox == []
    # The mail server is back; a moderator retries it.
    monkeypatch.undo()
    from workers.services import job_retry

    assert job_retry(job=job)
    run_tasks()
    notification.refresh_from_db()
    assert notification.emailed_at is not None and len(mail.outbox) == 1


def test_a_notification_is_marked_e_mailed_only_after_the_send(alice, monkeypatch):
    from django.core.mail import EmailMultiAlternatives

    notification = queue_email(alice)
    seen = []
    real_send = EmailMultiAlternatives.send

    def spy(self, *a, **kw):
        # At hand-over time, nobody outside this transaction sees it as sent yet...
        seen.append(Notification.objects.get(pk=notification.pk).emailed_at)
        return real_send(self, *a, **kw)

    monkeypatch.setattr(EmailMultiAlternatives, "send", spy)
    run_tasks()
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert len(mail.outbox) == 1


def test_a_send_that_fails_leaves_the_notification_unsent(alice, monkeypatch):
    from django.core.mail import EmailMultiAlternatives

    from notifications.tasks import send_notification_email

    notification = queue_email(alice)

    def boom(self, *a, **kw):
        raise OSError("connection reset")

    monkeypatch.setattr(EmailMultiAlternatives, "send", boom)
    with pytest.raises(OSError):
        send_notification_email.call(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.emailed_at is None


def test_every_send_of_a_notification_carries_the_same_message_id(alice):
    from notifications.tasks import notification_email

    notification = queue_email(alice)
    first = notification_email(notification_id=notification.pk).message()["Message-ID"]
    again = notification_email(notification_id=notification.pk).message()["Message-ID"]
    other = notification_email(notification_id=queue_email(alice).pk).message()["Message-ID"]
    assert first == again != other
    assert first.startswith(f"<notification.{notification.pk}.") and first.endswith(">")


# The moderators' view --------------------------------------------------------------------------


def test_moderators_see_queued_running_stalled_and_failed_jobs(client, staff, alice, settings):
    settings.TASK_LEASE_SECONDS = 60
    for _ in range(3):
        queue_email(alice)
    worker_register(worker_id="w-live", hostname="box", pid=3)
    claim("w-live")
    stalled = claim("w-dead")
    DBTaskResult.objects.filter(pk=stalled.pk).update(
        started_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    failed = DBTaskResult.objects.ready().get()
    DBTaskResult.objects.filter(pk=failed.pk).update(status="FAILED", traceback="SMTP down")
    client.force_login(staff)
    page = client.get(reverse("admin:workers_job_changelist"), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert page.status_code == 200
    for expected in ["0 queued", "1 running", "1 stalled", "1 failed", "1 worker answering"]:
        assert expected in text
    stalled_page = client.get(reverse("admin:workers_job_changelist") + "?state=stalled")
    assert stalled_page.context["cl"].result_count == 1


def test_the_job_pages_speak_chinese(client, staff, alice):
    staff.language = "zh-hant"
    staff.save()
    queue_email(alice)
    client.force_login(staff)
    text = client.get(reverse("admin:workers_job_changelist")).content.decode()
    assert "背景工作" in text and "通知信" in text and "排隊中" in text
    assert "Task Result" not in text and "queue name" not in text
    index = client.get(reverse("admin:index")).content.decode()
    assert "Tasks Database Backend" not in index and "背景工作" in index


def test_a_moderator_retries_a_failed_job_and_it_is_delivered(client, staff, alice):
    notification = queue_email(alice)
    job = DBTaskResult.objects.get()
    DBTaskResult.objects.filter(pk=job.pk).update(status="FAILED", worker_ids=["a"] * 8)
    client.force_login(staff)
    detail = client.get(reverse("admin:workers_job_change", args=[job.pk]))
    assert b"/retry/" in detail.content
    response = client.post(reverse("admin:workers_job_retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "READY" and job.worker_ids == []
    run_tasks()
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_the_retry_button_is_for_moderators_only(client, alice):
    queue_email(alice)
    job = DBTaskResult.objects.get()
    DBTaskResult.objects.filter(pk=job.pk).update(status="FAILED")
    client.force_login(alice)
    response = client.post(reverse("admin:workers_job_retry", args=[job.pk]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert DBTaskResult.objects.get().status == "FAILED"
    assert Worker.objects.count() == 0


def test_a_signal_just_after_a_claim_lets_that_job_finish(alice):
    """A SIGTERM landing between the claim's commit and the job's start used to stop the worker
    at once, leaving the job RUNNING until its lease ran out (seen in CI as a flaky crash test).
    From the claim on, a signal asks the worker to stop after the job."""
    notification = queue_email(alice)
    worker = TaskWorker(interval=0.01)
    job = worker._claim()
    assert job is not None and DBTaskResult.objects.get().status == "RUNNING"
    worker._on_signal(signal.SIGTERM, None)  # no SystemExit: the job is in hand
    assert worker.stopping.is_set()
    worker._run(job)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    # With nothing in hand, a signal stops the worker at once.
    idle = TaskWorker(interval=0.01)
    assert idle._claim() is None and not idle.in_job
    with pytest.raises(SystemExit):
        idle._on_signal(signal.SIGTERM, None)
