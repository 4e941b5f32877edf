"""What keeps background jobs moving when workers die or fail: leases, retries, the reaper.

A worker claims a job by marking it RUNNING with its id appended to ``worker_ids`` (one entry
per attempt) and keeps its own ``Worker`` row's ``seen_at`` fresh while it lives. A RUNNING job
whose last worker has not been seen for ``TASK_LEASE_SECONDS`` is *stalled*: its worker died
(SIGKILL, out of memory, a lost machine). ``jobs_requeue_stalled`` puts it back in the queue,
where any live worker takes it. Every outcome is written with a compare-and-set on the claim's
``started_at``, so a worker that comes back after its job was taken over never overwrites the
newer attempt.

Jobs are written to be safe to run twice (``notifications.tasks``, ``contacts.tasks``): a job
run again after a crash delivers what the dead worker had not, and at most the one message the
crash interrupted goes out twice.
"""

import datetime
import logging
import traceback

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from workers.models import Worker

logger = logging.getLogger("workers")

# Errors that mean "the database is not there right now", not "this job is broken".
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.TASK_LEASE_SECONDS)


def worker_register(*, worker_id: str, hostname: str, pid: int) -> None:
    now = timezone.now()
    Worker.objects.update_or_create(
        worker_id=worker_id,
        defaults={"hostname": hostname, "pid": pid, "started_at": now, "seen_at": now},
    )


def worker_heartbeat(*, worker_id: str, hostname: str, pid: int) -> None:
    if not Worker.objects.filter(worker_id=worker_id).update(seen_at=timezone.now()):
        # Forgotten while this worker could not reach the database for a long time.
        worker_register(worker_id=worker_id, hostname=hostname, pid=pid)


def worker_unregister(*, worker_id: str) -> None:
    Worker.objects.filter(worker_id=worker_id).delete()


def workers_live_ids(*, now: datetime.datetime | None = None) -> set[str]:
    now = now or timezone.now()
    return set(
        Worker.objects.filter(seen_at__gte=now - lease()).values_list("worker_id", flat=True)
    )


def jobs_stalled(*, now: datetime.datetime | None = None) -> list[tuple]:
    """``(id, worker_ids, started_at)`` of RUNNING jobs whose worker has not been seen for a
    lease. A handful at most: one per worker that died."""
    now = now or timezone.now()
    live = workers_live_ids(now=now)
    running = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - lease()
    ).values_list("pk", "worker_ids", "started_at")
    return [
        (pk, worker_ids, started_at)
        for pk, worker_ids, started_at in running
        if not worker_ids or worker_ids[-1] not in live
    ]


def jobs_requeue_stalled(*, now: datetime.datetime | None = None) -> int:
    """Put every stalled job back in the queue; forget workers gone for a day. Safe to run
    from many workers at once: each job is requeued by exactly one of them."""
    now = now or timezone.now()
    requeued = 0
    for pk, worker_ids, started_at in jobs_stalled(now=now):
        attempts = len(worker_ids)
        if attempts >= settings.TASK_MAX_ATTEMPTS:
            done = DBTaskResult.objects.filter(
                pk=pk, status=TaskResultStatus.RUNNING, started_at=started_at
            ).update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="workers.services.WorkerLost",
                traceback=f"The worker died during each of {attempts} attempts.",
            )
            if done:
                logger.error("Job %s failed: its worker died %d times", pk, attempts)
            continue
        done = DBTaskResult.objects.filter(
            pk=pk, status=TaskResultStatus.RUNNING, started_at=started_at
        ).update(
            status=TaskResultStatus.READY,
            exception_class_path="workers.services.WorkerLost",
            traceback=f"Worker {worker_ids[-1] if worker_ids else '?'} stopped answering; "
            "the job was queued again.",
        )
        if done:
            logger.warning("Job %s requeued: worker %s stopped answering", pk, worker_ids[-1:])
        requeued += done
    Worker.objects.filter(seen_at__lt=now - datetime.timedelta(days=1)).delete()
    return requeued


def retry_delay(*, attempts: int, error: BaseException) -> datetime.timedelta:
    """How long a failed job waits before its next attempt: a moment when the database blinked
    (it will be back), otherwise a doubling delay (a mail server that is down)."""
    if isinstance(error, DATABASE_UNAVAILABLE):
        return datetime.timedelta(seconds=1)
    base = settings.TASK_RETRY_SECONDS
    return datetime.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))


def job_succeeded(*, job: DBTaskResult, return_value) -> bool:
    """Record success, unless another worker has taken the job over since this one claimed it."""
    return bool(
        _this_attempt(job).update(
            status=TaskResultStatus.SUCCESSFUL,
            finished_at=timezone.now(),
            return_value=return_value,
            exception_class_path="",
            traceback="",
        )
    )


def job_failed(*, job: DBTaskResult, error: BaseException) -> bool:
    """Queue the job again after a delay, or mark it FAILED after ``TASK_MAX_ATTEMPTS``."""
    attempts = len(job.worker_ids)
    now = timezone.now()
    fields = {
        "exception_class_path": f"{type(error).__module__}.{type(error).__qualname__}",
        "traceback": "".join(traceback.format_exception(error)),
    }
    if attempts >= settings.TASK_MAX_ATTEMPTS:
        fields.update(status=TaskResultStatus.FAILED, finished_at=now)
    else:
        fields.update(
            status=TaskResultStatus.READY,
            run_after=now + retry_delay(attempts=attempts, error=error),
        )
    return bool(_this_attempt(job).update(**fields))


def job_retry(*, job: DBTaskResult) -> bool:
    """A moderator's retry of a failed job: queued now, with a fresh count of attempts."""
    return bool(
        DBTaskResult.objects.filter(pk=job.pk, status=TaskResultStatus.FAILED).update(
            status=TaskResultStatus.READY,
            run_after=get_date_max(),
            finished_at=None,
            worker_ids=[],
        )
    )


def _this_attempt(job: DBTaskResult):
    return DBTaskResult.objects.filter(
        pk=job.pk, status=TaskResultStatus.RUNNING, started_at=job.started_at
    )
