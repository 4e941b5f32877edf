"""The background worker: claims queued jobs, runs them, and survives what a service does.

- **A dead worker's job runs again.** A heartbeat thread keeps this worker's ``Worker`` row
  fresh; between jobs the worker requeues jobs whose worker has not been seen for a lease
  (``workers.services.jobs_requeue_stalled``), so any live worker recovers them, no operator
  needed.
- **A database outage is waited out.** Every database error in the loop is logged, the
  connection dropped, and the worker tries again with a growing pause (up to 30 s); it never
  exits on a transient error. A job cut short by the outage is queued again once the database
  is back.
- **A failed job is retried** with a doubling delay, up to ``TASK_MAX_ATTEMPTS`` attempts, then
  marked FAILED for a moderator to retry from the admin.
- **SIGTERM or SIGINT stop it cleanly** after the job in hand; a second signal stops it at once
  (the job is then run again after its lease, like a crash).
- No autoreloader: the process a supervisor starts is the process that works.
"""

import logging
import os
import signal
import socket
import threading
import time

from django.db import close_old_connections, connections
from django.utils.crypto import get_random_string
from django_tasks_db.compat import task_finished, task_started
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from workers.services import (
    DATABASE_UNAVAILABLE,
    job_failed,
    job_succeeded,
    jobs_requeue_stalled,
    lease,
    worker_heartbeat,
    worker_register,
    worker_unregister,
)

logger = logging.getLogger("workers")

MAX_PAUSE = 30.0


class TaskWorker:
    def __init__(
        self,
        *,
        backend_name: str = "default",
        queue_names: list[str] | None = None,
        interval: float = 1.0,
        batch: bool = False,
        max_tasks: int | None = None,
    ):
        self.backend_name = backend_name
        self.queue_names = queue_names or ["default"]
        self.interval = interval
        self.batch = batch
        self.max_tasks = max_tasks
        self.hostname = socket.gethostname()[:200]
        self.pid = os.getpid()
        self.worker_id = f"{self.hostname[:40]}:{self.pid}:{get_random_string(8)}"
        self.tasks_run = 0
        self.stopping = threading.Event()  # a signal asked us to stop
        self.in_job = False
        self.beat_every = max(lease().total_seconds() / 4, 0.2)

    # Signals ---------------------------------------------------------------------------------

    def install_signal_handlers(self) -> None:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT):
            signal.signal(signum, self._on_signal)

    def _on_signal(self, signum, frame) -> None:
        if self.stopping.is_set() or not self.in_job:
            if self.stopping.is_set():
                logger.warning("%s again: stopping now", signal.strsignal(signum))
            raise SystemExit(0 if not self.in_job else 1)
        logger.warning("%s: stopping after the current job", signal.strsignal(signum))
        self.stopping.set()

    # Heartbeat -------------------------------------------------------------------------------

    def _beat_forever(self) -> None:
        failing = False
        while not self._beats_done.wait(self.beat_every):
            try:
                worker_heartbeat(worker_id=self.worker_id, hostname=self.hostname, pid=self.pid)
            except Exception as error:  # the database is away: keep beating
                if not failing:
                    logger.warning("Heartbeat failed (%s); trying again", error)
                failing = True
                connections.close_all()
            else:
                if failing:
                    logger.info("Heartbeat back")
                failing = False
        connections.close_all()

    # The loop --------------------------------------------------------------------------------

    def run(self) -> None:
        logger.info("Worker %s starting (queues: %s)", self.worker_id, ",".join(self.queue_names))
        self._until_done(
            lambda: worker_register(worker_id=self.worker_id, hostname=self.hostname, pid=self.pid)
        )
        self._beats_done = threading.Event()
        # A batch (the tests, `--batch`) is over before its first heartbeat would be due.
        beats = threading.Thread(target=self._beat_forever, name="heartbeat", daemon=True)
        if not self.batch:
            beats.start()
        last_reap = 0.0
        pause = self.interval
        try:
            while not self.stopping.is_set():
                try:
                    close_old_connections()
                    if time.monotonic() - last_reap >= self.beat_every:
                        jobs_requeue_stalled()
                        last_reap = time.monotonic()
                    job = self._claim()
                except DATABASE_UNAVAILABLE:
                    pause = min(max(pause, 0.5) * 2, MAX_PAUSE)
                    logger.warning("Database unavailable; trying again in %.1f s", pause)
                    self._drop_connections()
                    self.stopping.wait(pause)
                    continue
                pause = self.interval
                if job is not None:
                    self._run(job)
                    if self.max_tasks is not None and self.tasks_run >= self.max_tasks:
                        break
                elif self.batch:
                    break
                else:
                    self.stopping.wait(self.interval)
        finally:
            self._beats_done.set()
            if beats.is_alive():
                beats.join(timeout=5)
            try:
                worker_unregister(worker_id=self.worker_id)
            except Exception:
                logger.warning("Could not unregister %s; it will be forgotten", self.worker_id)
            logger.info("Worker %s stopped after %d jobs", self.worker_id, self.tasks_run)

    def _claim(self) -> DBTaskResult | None:
        jobs = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if "*" not in self.queue_names:
            jobs = jobs.filter(queue_name__in=self.queue_names)
        # From here on a signal lets the job we may claim finish: one arriving between the
        # claim's commit and the job's start would otherwise leave it RUNNING until its lease
        # ran out.
        job = None
        self.in_job = True
        try:
            with exclusive_transaction(jobs.db):
                job = jobs.get_locked()
                if job is not None:
                    job.claim(self.worker_id)
        finally:
            if job is None:
                self.in_job = False
        return job

    def _run(self, job: DBTaskResult) -> None:
        self.in_job = True
        try:
            try:
                task = job.task
                result = job.task_result
                backend = type(task.get_backend())
                task_started.send(sender=backend, task_result=result)
                value = task.call(*result.args, **result.kwargs)
            except Exception as error:
                failure = error
                logger.warning("Job %s (%s) failed: %r", job.pk, job.task_path, failure)
                if isinstance(failure, DATABASE_UNAVAILABLE):
                    self._drop_connections()
                recorded = self._until_done(lambda: job_failed(job=job, error=failure))
            else:
                recorded = self._until_done(lambda: job_succeeded(job=job, return_value=value))
            if recorded:
                try:
                    job.refresh_from_db()
                    task_finished.send(sender=backend, task_result=job.task_result)
                except Exception:
                    logger.debug("task_finished not sent for %s", job.pk, exc_info=True)
        finally:
            self.in_job = False
            self.tasks_run += 1

    def _until_done(self, write):
        """Run a small database write until the database takes it (or we are told to stop:
        the job then stays RUNNING and is requeued after its lease)."""
        pause = 0.5
        while True:
            try:
                return write()
            except DATABASE_UNAVAILABLE:
                if self.stopping.is_set():
                    return False
                logger.warning("Database unavailable; writing again in %.1f s", pause)
                self._drop_connections()
                time.sleep(pause)
                pause = min(pause * 2, MAX_PAUSE)

    @staticmethod
    def _drop_connections() -> None:
        for conn in connections.all(initialized_only=True):
            try:
                conn.close()
            except Exception:
                pass
