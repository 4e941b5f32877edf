"""The background workers and the jobs they run.

A job is django-tasks-db's ``DBTaskResult`` row (``Job`` is a proxy of it, so the admin can show
it in our words). A ``Worker`` row is a running worker's heartbeat: a job whose worker has not
been seen for a lease is run again by any live worker (``workers.services``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult


class Worker(models.Model):
    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    hostname = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"))
    seen_at = models.DateTimeField(_("last heartbeat"), db_index=True)

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        ordering = ["hostname", "pid"]

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"


class Job(DBTaskResult):
    class Meta:
        proxy = True
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self) -> str:
        return f"{self.task_path.rpartition('.')[2]} · {self.enqueued_at:%Y-%m-%d %H:%M}"
