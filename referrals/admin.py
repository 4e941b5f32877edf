from django.contrib import admin
from django.db import models

from referrals.models import ReferralRequest, ReferrerChannel, RequestEvent


@admin.register(ReferrerChannel)
class ReferrerChannelAdmin(admin.ModelAdmin):
    list_display = [
        "referrer",
        "company",
        "job_title",
        "is_accepting",
        "open_count",
        "capacity",
        "referred_count",
        "responded_count",
        "expired_count",
    ]
    list_filter = ["is_accepting"]
    search_fields = ["referrer__email", "referrer__display_name", "company__name_en"]
    raw_id_fields = ["referrer", "company"]


class EventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0
    readonly_fields = ["kind", "actor", "message", "detail", "created_at"]
    can_delete = False


@admin.register(ReferralRequest)
class ReferralRequestAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["position_title", "company", "seeker", "status", "created_at", "expires_at"]
    list_filter = ["status", "kind"]
    search_fields = ["position_title", "company__name_en", "seeker__email"]
    raw_id_fields = ["seeker", "channel", "company", "resume"]
    readonly_fields = ["status", "created_at", "first_response_at", "closed_at"]
    inlines = [EventInline]
