from django.contrib import admin

from notifications.models import EmailSettings, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "recipient",
        "kind",
        "created_at",
        "read_at",
        "emailed_at",
        "email_held_at",
        "email_skipped_at",
    ]
    list_filter = ["kind"]
    raw_id_fields = ["recipient", "referral_request"]


@admin.register(EmailSettings)
class EmailSettingsAdmin(admin.ModelAdmin):
    list_display = ["member", "delivery", "summary_sent_on", "updated_at"]
    list_filter = ["delivery"]
    raw_id_fields = ["member"]
