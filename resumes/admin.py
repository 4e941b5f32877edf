from django.contrib import admin

from resumes.models import Resume, ResumeAccess


@admin.register(Resume)
class ResumeAdmin(admin.ModelAdmin):
    # Moderators see that a resume exists, never its file.
    list_display = ["title", "owner", "size", "in_library", "created_at"]
    fields = ["title", "owner", "original_name", "size", "in_library", "created_at"]
    readonly_fields = fields


@admin.register(ResumeAccess)
class ResumeAccessAdmin(admin.ModelAdmin):
    list_display = ["resume", "viewer", "referral_request", "accessed_at"]
    readonly_fields = ["resume", "viewer", "referral_request", "accessed_at"]
