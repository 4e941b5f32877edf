"""Reads for the moderators' view of background jobs."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from workers.models import Worker
from workers.services import jobs_stalled, lease


@dataclass
class JobsSummary:
    queued: int
    retrying: int
    running: int
    stalled: int
    failed: int
    workers: int


def due_now() -> Q:
    return Q(run_after=get_date_max()) | Q(run_after__lte=timezone.now())


def jobs_summary() -> JobsSummary:
    now = timezone.now()
    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    stalled = len(jobs_stalled(now=now))
    return JobsSummary(
        queued=ready.filter(due_now()).count(),
        retrying=ready.exclude(due_now()).count(),
        running=DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count() - stalled,
        stalled=stalled,
        failed=DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count(),
        workers=Worker.objects.filter(seen_at__gte=now - lease()).count(),
    )
