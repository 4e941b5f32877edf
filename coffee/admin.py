from django.contrib import admin

from coffee.models import CoffeeChat, CoffeeSlot


class CoffeeSlotInline(admin.TabularInline):
    model = CoffeeSlot
    extra = 0
    readonly_fields = ["starts_at"]
    can_delete = False


@admin.register(CoffeeChat)
class CoffeeChatAdmin(admin.ModelAdmin):
    """Read-only for moderators: chats change only through their two participants."""

    list_display = ["goal", "proposer", "invitee", "mode", "status", "starts_at", "created_at"]
    list_filter = ["status", "mode"]
    search_fields = ["goal", "proposer__email", "invitee__email"]
    list_select_related = ["proposer", "invitee"]
    inlines = [CoffeeSlotInline]
    readonly_fields = [
        "proposer",
        "invitee",
        "goal",
        "mode",
        "status",
        "duration_minutes",
        "slots_by",
        "starts_at",
        "place",
        "meeting_link",
        "uid",
        "sequence",
        "cancelled_by",
        "created_at",
        "updated_at",
        "confirmed_at",
        "happened_at",
    ]

    def has_add_permission(self, request):
        return False
