from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from workflows.members import member_delete


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    ordering = ["email"]
    list_display = ["email", "display_name", "city", "language", "is_staff", "date_joined"]
    search_fields = ["email", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Profile"),
            {
                "fields": [
                    "display_name",
                    "headline",
                    "city",
                    "time_zone",
                    "language",
                    "languages_spoken",
                    "linkedin_url",
                ]
            },
        ),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    # Deleting an account here does what the member's own deletion does: their open requests
    # are closed, their words erased, their files removed and the companies' counts kept right.
    def delete_model(self, request, obj):
        member_delete(member=obj)

    def delete_queryset(self, request, queryset):
        for member in queryset:
            member_delete(member=member)
