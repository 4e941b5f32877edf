from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from events.models import Event, Rsvp
from events.services import event_save


class RsvpInline(admin.TabularInline):
    model = Rsvp
    extra = 0
    fields = ["member", "status", "updated_at"]
    readonly_fields = ["member", "status", "updated_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "language", "capacity", "is_published"]
    list_filter = ["is_published", "kind", "language"]
    search_fields = ["title", "description", "place"]
    date_hierarchy = "starts_at"
    inlines = [RsvpInline]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "description", "kind", "language"]}),
        (_("When"), {"fields": ["starts_at", "ends_at", "time_zone"]}),
        (_("Where"), {"fields": ["place", "online_link", "capacity"]}),
        (_("Publication"), {"fields": ["is_published", "cancelled_at"]}),
    ]
    readonly_fields = ["cancelled_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        event_save(event=obj, changed_fields=list(form.changed_data) if change else None)

    @admin.action(description=_("Publish the selected events"))
    def publish(self, request, queryset):
        queryset.update(is_published=True)

    @admin.action(description=_("Unpublish the selected events"))
    def unpublish(self, request, queryset):
        queryset.update(is_published=False)


@admin.register(Rsvp)
class RsvpAdmin(admin.ModelAdmin):
    list_display = ["event", "member", "status", "updated_at"]
    list_filter = ["status"]
    list_select_related = ["event", "member"]
    search_fields = ["event__title", "member__email"]
    readonly_fields = ["event", "member", "status", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return False
