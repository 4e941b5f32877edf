from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from workflows.members import member_delete

# Log in with LinkedIn is configured by settings (SOCIALACCOUNT_PROVIDERS) and keeps no tokens:
# allauth's "social applications" would only be a second configuration, conflicting with the
# first. Linked accounts are listed below instead of by allauth's admin.
admin.site.unregister(SocialApp)
admin.site.unregister(SocialToken)
admin.site.unregister(SocialAccount)


@admin.register(SocialAccount)
class LinkedAccountAdmin(admin.ModelAdmin):
    """A member's linked LinkedIn account, to read or to delete (which unlinks it: a member
    without a password then gets back in by resetting one by e-mail). Nothing here is edited."""

    list_display = ["member", "provider", "uid", "last_login"]
    list_filter = ["provider"]
    list_select_related = ["user"]
    search_fields = ["uid", "user__email", "user__display_name"]
    fields = ["member", "provider", "uid", "date_joined", "last_login", "extra_data"]
    readonly_fields = fields

    @admin.display(description=_("member"), ordering="user__email")
    def member(self, account):
        return account.user.email

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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
