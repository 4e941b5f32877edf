from django.contrib import admin
from django.db import models

from referrals.models import ReferralRequest, ReferrerChannel, RequestEvent
from referrals.services import company_refresh_referrer_count


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

    # A moderator's edit or removal keeps the companies' referrer counts right, as the
    # members' own changes do (the company page numbers its cards from them).
    def save_model(self, request, obj, form, change):
        before = ReferrerChannel.objects.filter(pk=obj.pk).values_list("company_id", flat=True)
        previous = before.first() if change else None
        super().save_model(request, obj, form, change)
        for company_id in {previous, obj.company_id} - {None}:
            company_refresh_referrer_count(company_id=company_id)

    def delete_model(self, request, obj):
        company_id = obj.company_id
        super().delete_model(request, obj)
        company_refresh_referrer_count(company_id=company_id)

    def delete_queryset(self, request, queryset):
        company_ids = set(queryset.values_list("company_id", flat=True))
        super().delete_queryset(request, queryset)
        for company_id in company_ids:
            company_refresh_referrer_count(company_id=company_id)


class EventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0
    readonly_fields = ["kind", "actor", "message", "detail", "via_email_link", "created_at"]
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
