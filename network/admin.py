from django.contrib import admin

from network.models import Connection, MatchNotice, MeetWish, NetworkProfile, Shortlist


@admin.register(NetworkProfile)
class NetworkProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role_type", "industry", "company", "job_title", "listed", "updated_at"]
    list_filter = ["listed", "role_type", "industry"]
    search_fields = ["user__display_name", "user__email", "company", "job_title"]
    raw_id_fields = ["user"]


@admin.register(Shortlist)
class ShortlistAdmin(admin.ModelAdmin):
    list_display = ["owner", "member", "created_at"]
    search_fields = ["owner__email", "member__email"]
    raw_id_fields = ["owner", "member"]


@admin.register(MeetWish)
class MeetWishAdmin(admin.ModelAdmin):
    list_display = ["owner", "role_type", "industry", "company", "city", "created_at"]
    list_filter = ["role_type", "industry"]
    search_fields = ["owner__email", "company", "city"]
    raw_id_fields = ["owner"]


@admin.register(MatchNotice)
class MatchNoticeAdmin(admin.ModelAdmin):
    list_display = ["wish", "member", "created_at"]
    raw_id_fields = ["wish", "member"]


@admin.register(Connection)
class ConnectionAdmin(admin.ModelAdmin):
    list_display = ["sender", "recipient", "status", "created_at", "responded_at"]
    list_filter = ["status"]
    search_fields = ["sender__email", "recipient__email"]
    raw_id_fields = ["sender", "recipient"]
    date_hierarchy = "created_at"
