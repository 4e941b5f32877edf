"""The moderators' view of background jobs: what is queued, running, stalled or failed, and a
retry for failed ones. Replaces django-tasks-db's own admin, which speaks only English."""

from django.contrib import admin, messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from workers.models import Job, Worker
from workers.selectors import due_now, jobs_summary
from workers.services import job_retry, jobs_stalled, lease

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)

# What each job does, in the moderators' words; other jobs show their function's name.
JOB_LABELS = {
    "notifications.tasks.send_notification_email": _("Notification e-mail"),
    "contacts.tasks.send_digest_batch": _("Keep-in-touch digests"),
}


class JobStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("queued", _("Queued")),
            ("retrying", _("Waiting to retry")),
            ("running", _("Running")),
            ("stalled", _("Stalled (worker stopped answering)")),
            ("failed", _("Failed")),
            ("done", _("Done")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "queued":
            return queryset.filter(status=TaskResultStatus.READY).filter(due_now())
        if value == "retrying":
            return queryset.filter(status=TaskResultStatus.READY).exclude(due_now())
        if value == "running":
            return queryset.filter(status=TaskResultStatus.RUNNING)
        if value == "stalled":
            return queryset.filter(pk__in=[pk for pk, _w, _s in jobs_stalled()])
        if value == "failed":
            return queryset.filter(status=TaskResultStatus.FAILED)
        if value == "done":
            return queryset.filter(status=TaskResultStatus.SUCCESSFUL)
        return queryset


class JobKindFilter(admin.SimpleListFilter):
    title = _("kind of job")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return list(JOB_LABELS.items())

    def queryset(self, request, queryset):
        return queryset.filter(task_path=self.value()) if self.value() else queryset


STATE_LABELS = {
    TaskResultStatus.READY: _("Queued"),
    TaskResultStatus.RUNNING: _("Running"),
    TaskResultStatus.FAILED: _("Failed"),
    TaskResultStatus.SUCCESSFUL: _("Done"),
}


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["kind", "state", "attempts", "enqueued_at_", "next_try", "finished_at_"]
    list_filter = [JobStateFilter, JobKindFilter]
    ordering = ["-enqueued_at"]
    actions = ["retry_failed"]
    fields = [
        "kind",
        "state",
        "attempts",
        "arguments",
        "enqueued_at_",
        "started_at_",
        "next_try",
        "finished_at_",
        "workers_",
        "error",
    ]
    readonly_fields = fields
    change_form_template = "admin/workers/job/change_form.html"
    change_list_template = "admin/workers/job/change_list.html"

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("job"))
    def kind(self, job):
        return JOB_LABELS.get(job.task_path, job.task_path.rpartition(".")[2])

    @admin.display(description=_("state"))
    def state(self, job):
        if job.status == TaskResultStatus.READY and job.run_after not in (None, get_date_max()):
            if job.run_after > timezone.now():
                return _("Waiting to retry")
        return STATE_LABELS.get(job.status, job.status)

    @admin.display(description=_("attempts"))
    def attempts(self, job):
        return len(job.worker_ids)

    @admin.display(description=_("arguments"))
    def arguments(self, job):
        return ", ".join(f"{k}={v!r}" for k, v in job.args_kwargs.get("kwargs", {}).items())

    @admin.display(description=_("queued at"), ordering="enqueued_at")
    def enqueued_at_(self, job):
        return job.enqueued_at

    @admin.display(description=_("started at"))
    def started_at_(self, job):
        return job.started_at

    @admin.display(description=_("next attempt"))
    def next_try(self, job):
        if job.status == TaskResultStatus.READY and job.run_after != get_date_max():
            return job.run_after
        return None

    @admin.display(description=_("finished at"))
    def finished_at_(self, job):
        return job.finished_at

    @admin.display(description=_("workers (one per attempt)"))
    def workers_(self, job):
        return ", ".join(job.worker_ids)

    @admin.display(description=_("last error"))
    def error(self, job):
        return job.traceback

    @admin.action(description=_("Retry the selected failed jobs"))
    def retry_failed(self, request, queryset):
        retried = sum(job_retry(job=job) for job in queryset)
        self.message_user(
            request,
            ngettext("%(count)d job queued again.", "%(count)d jobs queued again.", retried)
            % {"count": retried},
            messages.SUCCESS,
        )

    def get_urls(self):
        retry = self.admin_site.admin_view(require_POST(self.retry_view))
        return [path("<uuid:pk>/retry/", retry, name="workers_job_retry"), *super().get_urls()]

    def retry_view(self, request, pk):
        if not self.has_view_permission(request):
            raise Http404
        job = get_object_or_404(Job, pk=pk)
        if job_retry(job=job):
            self.message_user(request, _("The job is queued again."), messages.SUCCESS)
        else:
            self.message_user(request, _("Only a failed job can be retried."), messages.WARNING)
        return HttpResponseRedirect(reverse("admin:workers_job_change", args=[job.pk]))

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "summary": jobs_summary()}
        return super().changelist_view(request, extra_context=extra_context)


@admin.register(Worker)
class WorkerAdmin(admin.ModelAdmin):
    list_display = ["worker_id", "hostname", "pid", "started_at", "seen_at", "alive"]
    readonly_fields = ["worker_id", "hostname", "pid", "started_at", "seen_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("answering"), boolean=True)
    def alive(self, worker):
        return worker.seen_at >= timezone.now() - lease()
