"""Personal access tokens in the admin: who has which, what they may do, when they were last
used, and a way to revoke them (a token that leaked, a member who asks). The hash is never shown
and nothing can be edited: a token is made by its member, on their tokens page, and shown once.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy, ngettext

from api.models import AccessToken
from api.services import access_tokens_revoke


@admin.action(description=gettext_lazy("Revoke the selected tokens"), permissions=["change"])
def revoke(modeladmin, request, queryset):
    count = access_tokens_revoke(tokens=queryset)
    modeladmin.message_user(
        request,
        ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count) % {"count": count},
        messages.SUCCESS,
    )


@admin.register(AccessToken)
class AccessTokenAdmin(admin.ModelAdmin):
    list_display = ("member", "name", "scope", "created_at", "last_used_at", "revoked_at")
    list_filter = ("scope", ("revoked_at", admin.EmptyFieldListFilter))
    list_select_related = ("member",)
    search_fields = ("member__email",)
    # Never ``key_hash``: neither shown nor editable.
    fields = ("member", "name", "scope", "key_id", "created_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    actions = [revoke]

    def has_add_permission(self, request):
        return False
