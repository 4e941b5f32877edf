"""A member's own data, across every app: everything about them in one download, and leaving
for good. Each app keeps its own part (``*_member_leaving``); these functions call them in order.

An app above workflows (the JSON API's tokens) adds its part of the export by registering it
with ``member_export_part_register`` in its AppConfig.ready: workflows never names it.
"""

import io
import json
import zipfile
from collections.abc import Callable

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User, member_name
from accounts.sessions import member_sessions_end
from coffee.models import CoffeeChat
from coffee.services import coffee_member_leaving
from contacts.models import Contact, FollowUp, Interaction, ReminderSettings
from events.models import Rsvp
from events.services import events_member_leaving
from feedback.models import Feedback
from moderation.models import Block, Report
from network.models import Connection, MeetWish, NetworkProfile, Shortlist
from network.services import connections_member_leaving
from notifications.models import EmailSettings, Notification
from referrals.models import ReferralRequest, ReferrerChannel
from referrals.services import referrals_member_leaving
from resumes.models import Resume, ResumeAccess

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


# ``part(member)``: the member's records of an app above workflows, ready for data.json.
ExportPart = Callable[[User], object]

_export_parts: dict[str, ExportPart] = {}


def member_export_part_register(name: str, part: ExportPart) -> None:
    """Put ``part(member)`` in every export's data.json under ``name``. Registering the same part
    again does nothing; another part may not take a name already taken."""
    known = _export_parts.setdefault(name, part)
    if known is not part:
        raise ImproperlyConfigured(f"The export part {name!r} is already registered.")


def _events(request):
    return [
        {
            "at": e.created_at,
            "kind": e.kind,
            "by": member_name(e.actor) if e.actor_id else "",
            "message": e.message,
            "detail": e.detail,
            "via_email_link": e.via_email_link,
        }
        for e in request.events.all()
    ]


def member_export(*, member: User) -> bytes:
    """A zip with data.json (every personal field and record) and the member's resume files."""
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
        # Log in with LinkedIn: what LinkedIn told us when the member last logged in with it.
        "linked_accounts": [
            {
                "provider": a.provider,  # "linkedin"
                "uid": a.uid,
                "linked_at": a.date_joined,
                "last_login": a.last_login,
                "data": a.extra_data,
            }
            for a in SocialAccount.objects.filter(user=member)
        ],
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
        "notification_email_settings": list(
            EmailSettings.objects.filter(member=member).values(
                "kinds_not_emailed", "delivery", "action_links", "updated_at"
            )
        ),
        "feedback": list(
            Feedback.objects.filter(author=member).values("message", "page", "created_at")
        ),
        "reports_made": list(
            Report.objects.filter(reporter=member).values("reason", "details", "created_at")
        ),
        **_networking_export(member),
        "blocked_members": [
            member_name(b.blocked)
            for b in Block.objects.filter(blocker=member).select_related("blocked")
        ],
    }
    for name, part in _export_parts.items():
        if name in data:
            raise ImproperlyConfigured(f"The export part {name!r} would replace the export's own.")
        data[name] = part(member)
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


def _networking_export(member: User) -> dict:
    """The networking half: profile, wishes, shortlist, connections, contacts, chats, events."""
    return {
        "network_profile": list(
            NetworkProfile.objects.filter(user=member).values(
                "intents",
                "offers",
                "role_type",
                "industry",
                "company",
                "job_title",
                "about",
                "listed",
                "created_at",
                "updated_at",
            )
        ),
        "people_i_want_to_meet": list(
            MeetWish.objects.filter(owner=member).values(
                "role_type",
                "industry",
                "company",
                "city",
                "created_at",
            )
        ),
        "saved_members": [
            {"member": member_name(s.member), "note": s.note, "saved_at": s.created_at}
            for s in Shortlist.objects.filter(owner=member).select_related("member")
        ],
        "connections": [
            {
                "from": member_name(c.sender),
                "to": member_name(c.recipient),
                "note": c.note,
                "status": c.status,
                "created_at": c.created_at,
                "responded_at": c.responded_at,
            }
            for c in Connection.objects.filter(
                Q(sender=member) | Q(recipient=member)
            ).select_related("sender", "recipient")
        ],
        "contacts": list(
            Contact.objects.filter(owner=member).values(
                "id",
                "name",
                "email",
                "company",
                "title",
                "tags",
                "how_we_met",
                "linkedin_url",
                "website",
                "notes",
                "cadence_days",
                "last_interaction_at",
                "next_due_at",
                "created_at",
            )
        ),
        "interactions": list(
            Interaction.objects.filter(contact__owner=member).values(
                "contact_id",
                "kind",
                "occurred_at",
                "topics",
                "notes",
            )
        ),
        "follow_ups": list(
            FollowUp.objects.filter(contact__owner=member).values(
                "contact_id",
                "topic",
                "due_on",
                "done_at",
            )
        ),
        "reminder_settings": list(ReminderSettings.objects.filter(member=member).values()),
        "coffee_chats": [
            {
                "with": member_name(c.invitee if c.proposer_id == member.pk else c.proposer),
                "goal": c.goal,
                "mode": c.mode,
                "status": c.status,
                "starts_at": c.starts_at,
                "place": c.place,
                "meeting_link": c.meeting_link,
                "created_at": c.created_at,
            }
            for c in CoffeeChat.objects.filter(
                Q(proposer=member) | Q(invitee=member)
            ).select_related("proposer", "invitee")
        ],
        "event_rsvps": list(
            Rsvp.objects.filter(member=member).values(
                "event__title",
                "event__starts_at",
                "status",
                "created_at",
            )
        ),
    }


@transaction.atomic
def member_delete(*, member: User) -> None:
    """Delete the account, its personal data and files; other members' records stay readable."""
    referrals_member_leaving(member=member)
    # What others share with them ends visibly: each one is told, nothing silently vanishes.
    coffee_member_leaving(member=member)
    events_member_leaving(member=member)
    connections_member_leaving(member=member)
    Feedback.objects.filter(author=member).delete()
    member_sessions_end(member)
    # Cascades: e-mail addresses, linked LinkedIn accounts, resumes (files after commit),
    # notifications, RSVPs (their places are free again), connection requests, the JSON API's
    # personal access tokens. Coffee chats stay, with "a deleted member".
    member.delete()
