"""How long a resume serves the requests it was sent with: the referrer may read it while the
request is open or recently decided (``RESUME_RETENTION_DAYS``), and after that it is deleted
unless its owner keeps it in their library."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from referrals.models import DECIDED_STATUSES, OPEN_STATUSES
from resumes.models import Resume


def referrer_may_read_resume(referral_request, now=None) -> bool:
    """The addressed referrer may read the resume while the request is open or recently decided."""
    if referral_request.resume_id is None:
        return False
    if referral_request.status in OPEN_STATUSES:
        return True
    if referral_request.status in DECIDED_STATUSES and referral_request.closed_at:
        now = now or timezone.now()
        window = timedelta(days=settings.RESUME_RETENTION_DAYS)
        return referral_request.closed_at >= now - window
    return False


def resumes_purge_expired(*, now=None) -> int:
    """Delete resumes kept only for requests that closed more than the retention period ago.

    Resumes the seeker keeps in their library stay. Safe to run twice.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.RESUME_RETENTION_DAYS)
    due = (
        Resume.objects.filter(in_library=False, created_at__lt=now - timedelta(days=1))
        .exclude(referral_requests__status__in=OPEN_STATUSES)
        .exclude(referral_requests__closed_at__gt=cutoff)
        .exclude(referral_requests__closed_at__isnull=True)
    )
    deleted = 0
    for resume in due.iterator():
        with transaction.atomic():
            resume.delete()
        deleted += 1
    return deleted
