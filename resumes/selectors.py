from resumes.models import Resume, ResumeAccess


def resumes_of(user):
    return Resume.objects.filter(owner=user).order_by("-created_at", "-pk")


def resume_accesses_of(user, limit: int = 50):
    """'Who looked at my resume': views and downloads by anyone but the owner."""
    return (
        ResumeAccess.objects.filter(resume__owner=user)
        .select_related("resume", "viewer", "referral_request__company")
        .order_by("-accessed_at", "-pk")[:limit]
    )
