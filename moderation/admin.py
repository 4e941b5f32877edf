from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from moderation.models import Block, ModerationAction, Report
from workflows.moderation import moderation_act


def _act(action, description):
    @admin.action(description=description)
    def run(modeladmin, request, queryset):
        for report in queryset.select_related("target"):
            moderation_act(moderator=request.user, report=report, action=action)
        modeladmin.message_user(
            request,
            _("%(count)d reports handled.") % {"count": queryset.count()},
            messages.SUCCESS,
        )

    run.__name__ = f"report_{action}"
    return run


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "state", "reason", "target", "reporter", "referral_request"]
    list_filter = ["state", "reason"]
    readonly_fields = ["reporter", "target", "referral_request", "reason", "details", "created_at"]
    actions = [
        _act(ModerationAction.Action.WARN, gettext_lazy("Warn the reported member")),
        _act(ModerationAction.Action.SUSPEND, gettext_lazy("Suspend the reported member")),
        _act(ModerationAction.Action.REMOVE, gettext_lazy("Remove the reported content")),
        _act(ModerationAction.Action.DISMISS, gettext_lazy("Dismiss the report")),
    ]


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "target", "moderator", "report"]
    list_filter = ["action"]
    readonly_fields = ["created_at", "action", "target", "moderator", "report", "note"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ["blocker", "blocked", "created_at"]
    raw_id_fields = ["blocker", "blocked"]
