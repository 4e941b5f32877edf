from django.contrib import admin

from contacts.models import (
    Contact,
    ContactImport,
    DigestSent,
    FollowUp,
    Interaction,
    ReminderSettings,
)


class InteractionInline(admin.TabularInline):
    model = Interaction
    extra = 0
    fields = ("kind", "occurred_at", "topics")
    readonly_fields = fields
    show_change_link = True


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    fields = ("topic", "due_on", "done_at")
    readonly_fields = fields


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "company", "title", "source", "next_due_at", "created_at")
    list_filter = ("source",)
    search_fields = ("name", "company", "owner__email")
    raw_id_fields = ("owner", "member", "last_interaction")
    readonly_fields = (
        "last_interaction_at",
        "next_due_at",
        "follow_up_due_on",
        "attention_at",
        "created_at",
        "updated_at",
    )
    inlines = [InteractionInline, FollowUpInline]


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ("contact", "kind", "occurred_at")
    list_filter = ("kind",)
    raw_id_fields = ("contact",)


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ("topic", "contact", "due_on", "done_at")
    raw_id_fields = ("contact",)


@admin.register(ContactImport)
class ContactImportAdmin(admin.ModelAdmin):
    list_display = ("filename", "owner", "created_count", "matched_count", "created_at")
    raw_id_fields = ("owner",)


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(admin.ModelAdmin):
    list_display = ("member", "frequency")
    list_filter = ("frequency",)
    raw_id_fields = ("member",)


@admin.register(DigestSent)
class DigestSentAdmin(admin.ModelAdmin):
    list_display = ("member", "period", "queued_at", "sent_at", "item_count")
    raw_id_fields = ("member",)
