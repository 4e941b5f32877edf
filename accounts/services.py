"""A member's own data: everything about them in one download, and leaving for good."""

import io
import json
import zipfile

from allauth.account.models import EmailAddress
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from accounts.models import User, member_name

PROFILE_FIELDS = [
    "email",
    "display_name",
    "headline",
    "city",
    "time_zone",
    "language",
    "languages_spoken",
    "linkedin_url",
    "date_joined",
    "last_login",
]


def _events(request):
    return [
        {
            "at": e.created_at,
            "kind": e.kind,
            "by": member_name(e.actor) if e.actor_id else "",
            "message": e.message,
            "detail": e.detail,
        }
        for e in request.events.all()
    ]


def member_export(*, member: User) -> bytes:
    """A zip with data.json (every personal field and record) and the member's resume files."""
    from feedback.models import Feedback
    from moderation.models import Block, Report
    from notifications.models import Notification
    from referrals.models import ReferralRequest, ReferrerChannel
    from resumes.models import Resume, ResumeAccess

    resumes = list(Resume.objects.filter(owner=member))
    sent = (
        ReferralRequest.objects.filter(seeker=member)
        .select_related("company", "channel__referrer")
        .prefetch_related("events__actor")
    )
    received = (
        ReferralRequest.objects.filter(channel__referrer=member)
        .select_related("company", "seeker")
        .prefetch_related("events__actor")
    )
    data = {
        "exported_at": timezone.now(),
        "profile": {field: getattr(member, field) for field in PROFILE_FIELDS},
        "email_addresses": list(
            EmailAddress.objects.filter(user=member).values("email", "verified", "primary")
        ),
        "referrer_channels": list(
            ReferrerChannel.objects.filter(referrer=member).values(
                "company__name_en",
                "job_title",
                "team",
                "locations",
                "job_families",
                "instructions",
                "accepted_kinds",
                "capacity",
                "is_accepting",
                "paused_until",
                "verified_domain",
                "verified_at",
                "created_at",
                "referred_count",
            )
        ),
        "requests_sent": [
            {
                "company": r.company.name_en,
                "referrer": member_name(r.channel.referrer),
                "kind": r.kind,
                "position_title": r.position_title,
                "job_url": r.job_url,
                "job_id": r.job_id,
                "location": r.location,
                "note": r.note,
                "status": r.status,
                "created_at": r.created_at,
                "closed_at": r.closed_at,
                "outcome": r.outcome,
                "decline_reason": r.decline_reason,
                "referrer_contact": r.referrer_contact,
                "resume_id": r.resume_id,
                "events": _events(r),
            }
            for r in sent
        ],
        "requests_received": [
            {
                "company": r.company.name_en,
                "seeker": member_name(r.seeker),
                "position_title": r.position_title,
                "status": r.status,
                "created_at": r.created_at,
                "closed_at": r.closed_at,
                "events": _events(r),
            }
            for r in received
        ],
        "resumes": [
            {
                "id": r.pk,
                "title": r.title,
                "original_name": r.original_name,
                "size": r.size,
                "in_library": r.in_library,
                "created_at": r.created_at,
                "file": f"resumes/{r.pk}.pdf",
            }
            for r in resumes
        ],
        "resume_views_by_others": [
            {"resume_id": a.resume_id, "viewer": member_name(a.viewer), "at": a.accessed_at}
            for a in ResumeAccess.objects.filter(resume__owner=member).select_related("viewer")
        ],
        "notifications": list(
            Notification.objects.filter(recipient=member).values(
                "kind", "message", "created_at", "read_at"
            )
        ),
        "feedback": list(
            Feedback.objects.filter(author=member).values("message", "page", "created_at")
        ),
        "reports_made": list(
            Report.objects.filter(reporter=member).values("reason", "details", "created_at")
        ),
        "blocked_members": [
            member_name(b.blocked)
            for b in Block.objects.filter(blocker=member).select_related("blocked")
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        )
        for resume in resumes:
            try:
                with resume.file.open("rb") as handle:
                    archive.writestr(f"resumes/{resume.pk}.pdf", handle.read())
            except FileNotFoundError:
                continue
    return buffer.getvalue()


@transaction.atomic
def member_delete(*, member: User) -> None:
    """Delete the account, its personal data and files; other members' records stay readable."""
    from feedback.models import Feedback
    from moderation.services import end_sessions
    from referrals.services import referrals_member_leaving

    referrals_member_leaving(member=member)
    Feedback.objects.filter(author=member).delete()
    end_sessions(member)
    member.delete()  # cascades: e-mail addresses, resumes (files after commit), notifications
