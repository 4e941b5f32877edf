from datetime import timedelta

from django.conf import settings
from django.utils import timezone

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


def referrer_may_read_resume(referral_request, now=None) -> bool:
    """The addressed referrer may read the resume while the request is open or recently decided."""
    from referrals.models import DECIDED_STATUSES, OPEN_STATUSES

    if referral_request.resume_id is None:
        return False
    if referral_request.status in OPEN_STATUSES:
        return True
    if referral_request.status in DECIDED_STATUSES and referral_request.closed_at:
        now = now or timezone.now()
        window = timedelta(days=settings.RESUME_RETENTION_DAYS)
        return referral_request.closed_at >= now - window
    return False
