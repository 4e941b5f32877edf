from django.contrib import admin

from feedback.models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "state", "author", "page", "message"]
    list_filter = ["state", "language"]
    list_editable = ["state"]
    search_fields = ["message", "email"]
    readonly_fields = ["author", "email", "page", "message", "language", "created_at"]
