"""Every write in the referral loop goes through these functions.

Each one is atomic, checks who may do what, moves the request along the one table of allowed
transitions (``TRANSITIONS``), records a timeline event, keeps the channel's counters right
and queues notifications in the same transaction. Errors are ``ReferralError`` with a
translated message for the member.
"""

import statistics
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from companies.models import Company
from contacts.services import (
    action_key,
    follow_ups_after_referral,
    follow_ups_done_by_action,
    relationship_record,
)
from guanxi.formats import when
from moderation.services import is_blocked
from notifications.models import Kind as NotificationKind
from notifications.services import notify, notify_many
from referrals import wording
from referrals.health import request_stats_company_rebuild
from referrals.models import (
    AWAITING_REFERRER,
    OPEN_STATUSES,
    AskKind,
    DeclineReason,
    EventKind,
    Outcome,
    ReferralRequest,
    ReferrerChannel,
    RequestEvent,
    Status,
    ask_kind,
)
from resumes.models import Resume
from resumes.services import resume_create


class ReferralError(Exception):
    """A refused action; ``str(error)`` is a translated sentence for the member."""


# Who may move a request from one status to another. Nothing else is allowed.
SEEKER, REFERRER, SYSTEM = "seeker", "referrer", "system"
TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.SUBMITTED, Status.VIEWED): REFERRER,
    (Status.SUBMITTED, Status.NEEDS_INFO): REFERRER,
    (Status.VIEWED, Status.NEEDS_INFO): REFERRER,
    (Status.SUBMITTED, Status.REFERRED): REFERRER,
    (Status.VIEWED, Status.REFERRED): REFERRER,
    (Status.NEEDS_INFO, Status.REFERRED): REFERRER,
    (Status.SUBMITTED, Status.DECLINED): REFERRER,
    (Status.VIEWED, Status.DECLINED): REFERRER,
    (Status.NEEDS_INFO, Status.DECLINED): REFERRER,
    (Status.NEEDS_INFO, Status.SUBMITTED): SEEKER,  # the seeker answered: back to the referrer
    (Status.SUBMITTED, Status.WITHDRAWN): SEEKER,
    (Status.VIEWED, Status.WITHDRAWN): SEEKER,
    (Status.NEEDS_INFO, Status.WITHDRAWN): SEEKER,
    (Status.SUBMITTED, Status.EXPIRED): SYSTEM,
    (Status.VIEWED, Status.EXPIRED): SYSTEM,
    (Status.NEEDS_INFO, Status.EXPIRED): SYSTEM,
}


def can_transition(request: ReferralRequest, to: str, role: str) -> bool:
    return TRANSITIONS.get((request.status, to)) == role


def _lock(request: ReferralRequest) -> ReferralRequest:
    return (
        ReferralRequest.objects.select_for_update(of=("self",))
        .select_related("channel", "seeker", "company", "channel__referrer")
        .get(pk=request.pk)
    )


def _move(request: ReferralRequest, to: str, role: str, *, now=None, **fields) -> ReferralRequest:
    if not can_transition(request, to, role):
        raise ReferralError(
            _("This request is %(status)s, so that is no longer possible.")
            % {"status": str(request.status_label).lower()}
        )
    now = now or timezone.now()
    was_open = request.is_open
    request.status = to
    request.updated_at = now
    for name, value in fields.items():
        setattr(request, name, value)
    if to not in OPEN_STATUSES:
        request.closed_at = now
        request.expires_at = None
        request.nudge_at = None
    request.save()
    if was_open and to not in OPEN_STATUSES:
        ReferrerChannel.objects.filter(pk=request.channel_id, open_count__gt=0).update(
            open_count=F("open_count") - 1
        )
    return request


def _event(
    request, kind, actor=None, message="", detail="", now=None, via_email_link=False
) -> RequestEvent:
    return RequestEvent.objects.create(
        request=request,
        kind=kind,
        actor=actor,
        message=message,
        detail=detail,
        via_email_link=via_email_link,
        created_at=now or timezone.now(),
    )


def _deadlines(now) -> dict:
    return {
        "expires_at": now + timedelta(days=settings.REFERRAL_EXPIRE_AFTER_DAYS),
        "nudge_at": now + timedelta(days=settings.REFERRAL_NUDGE_AFTER_DAYS),
        "nudged_at": None,
    }


def _record_first_response(request: ReferralRequest, now) -> None:
    if request.first_response_at is not None:
        return
    request.first_response_at = now
    request.save(update_fields=["first_response_at"])
    # This update waits for any other first response on the channel to commit, so the median
    # below sees both.
    ReferrerChannel.objects.filter(pk=request.channel_id).update(
        responded_count=F("responded_count") + 1
    )
    channel_refresh_median(channel_id=request.channel_id)


def channel_refresh_median(*, channel_id: int) -> None:
    ReferrerChannel.objects.filter(pk=channel_id).update(
        median_response_seconds=channel_median_response_seconds(channel_id=channel_id)
    )


# How long the referrer took to answer a request first; on PostgreSQL the channel's answered
# requests are indexed by it (migration 0006), so keep the two the same expression.
RESPONSE_TIME = ExpressionWrapper(
    F("first_response_at") - F("created_at"), output_field=DurationField()
)


def channel_median_response_seconds(*, channel_id: int) -> int | None:
    """The median time to a first response of the channel's requests, in whole seconds; None
    before any answer.

    Two small queries whatever the channel's history: how many were answered, then only the one
    or two middle response times, read in the order of the (channel, response time) index.
    """
    answered = ReferralRequest.objects.filter(
        channel_id=channel_id, first_response_at__isnull=False
    )
    count = answered.count()
    if not count:
        return None
    middle = (
        answered.annotate(waited=RESPONSE_TIME)
        .order_by("waited")
        .values_list("waited", flat=True)[(count - 1) // 2 : count // 2 + 1]
    )
    return int(statistics.median(waited.total_seconds() for waited in middle))


# --- Channels -------------------------------------------------------------------------------


def channel_is_accepting(channel: ReferrerChannel, today=None) -> bool:
    today = today or timezone.localdate()
    if channel.is_accepting:
        return True
    return channel.paused_until is not None and channel.paused_until <= today


def company_refresh_referrer_count(*, company_id: int, leaving=None) -> None:
    """Store how many referrers the company has, and how many of them accept requests now.

    ``leaving`` is a member whose account is about to be deleted: their channels stay (the
    seekers' records need them) but no longer count as a referrer.
    """
    channels = ReferrerChannel.objects.filter(company_id=company_id, referrer__isnull=False)
    if leaving is not None:
        channels = channels.exclude(referrer=leaving)
    counts = channels.aggregate(
        referrers=Count("pk"), active=Count("pk", filter=Q(is_accepting=True))
    )
    Company.objects.filter(pk=company_id).update(
        referrer_count=counts["referrers"], active_referrer_count=counts["active"]
    )


@transaction.atomic
def channel_save(*, channel: ReferrerChannel) -> ReferrerChannel:
    """Create or update a channel the member filled in, and keep the company's count right."""
    if not channel.accepted_kinds:
        raise ReferralError(_("Choose at least one kind of request you accept."))
    if channel.is_accepting:
        channel.paused_until = None
    try:
        with transaction.atomic():
            channel.save()
    except IntegrityError:
        raise ReferralError(_("You already have a referrer channel at this company.")) from None
    company_refresh_referrer_count(company_id=channel.company_id)
    return channel


@transaction.atomic
def channel_delete(*, channel: ReferrerChannel) -> None:
    if ReferralRequest.objects.filter(channel=channel, status__in=OPEN_STATUSES).exists():
        raise ReferralError(
            _("Please decide on your open requests first, or pause the channel instead.")
        )
    company_id = channel.company_id
    channel.delete()
    company_refresh_referrer_count(company_id=company_id)


def channels_resume_paused(*, today=None) -> int:
    """Re-open channels whose pause has ended. Safe to run twice."""
    today = today or timezone.localdate()
    due = list(
        ReferrerChannel.objects.filter(is_accepting=False, paused_until__lte=today).values_list(
            "pk", "company_id"
        )
    )
    for pk, company_id in due:
        with transaction.atomic():
            ReferrerChannel.objects.filter(pk=pk, is_accepting=False).update(
                is_accepting=True, paused_until=None
            )
            company_refresh_referrer_count(company_id=company_id)
    return len(due)


# --- Seeker actions -------------------------------------------------------------------------


def seeker_limit_problem(*, seeker, channel: ReferrerChannel, now=None) -> str | None:
    """Why ``seeker`` cannot ask ``channel`` right now, as a sentence; None if they can."""
    now = now or timezone.now()
    if channel.referrer_id == seeker.pk:
        return _("You cannot send a request to yourself.")
    if is_blocked(blocker_id=channel.referrer_id, blocked_id=seeker.pk):
        return _("You cannot send requests to this referrer.")
    if not channel_is_accepting(channel, timezone.localdate(now)):
        if channel.paused_until:
            return _(
                "This referrer has paused requests until %(date)s. Please choose another referrer."
            ) % {"date": when(channel.paused_until, "date")}
        return _("This referrer has paused requests. Please choose another referrer.")
    if channel.is_full:
        return _(
            "This referrer already has %(count)d open requests, their limit. "
            "Please choose another referrer or try again later."
        ) % {"count": channel.capacity}
    mine = ReferralRequest.objects.filter(seeker=seeker)
    if mine.filter(company_id=channel.company_id, status__in=OPEN_STATUSES).exists():
        return _(
            "You already have an open request at this company. Wait for its answer or "
            "withdraw it before asking someone else there."
        )
    open_count = mine.filter(status__in=OPEN_STATUSES).count()
    if open_count >= settings.REFERRAL_MAX_OPEN_PER_SEEKER:
        return _(
            "You have %(count)d open requests, the most allowed at once. Quality beats "
            "quantity: wait for an answer or withdraw one first."
        ) % {"count": open_count}
    today_count = mine.filter(created_at__gte=now - timedelta(hours=24)).count()
    if today_count >= settings.REFERRAL_MAX_PER_DAY:
        return _(
            "You have sent %(count)d requests in the last 24 hours, the daily limit. "
            "Please try again tomorrow."
        ) % {"count": today_count}
    return None


def referral_request_create(
    *,
    seeker,
    channel: ReferrerChannel,
    kind: str,
    position_title: str,
    note: str,
    job_url: str = "",
    job_id: str = "",
    location: str = "",
    resume: Resume | None = None,
    upload=None,
    keep_in_library: bool = True,
) -> ReferralRequest:
    """Send a request. Either ``resume`` (from the seeker's library) or ``upload`` (a new PDF)."""
    if kind not in channel.accepted_kinds:
        raise ReferralError(_("This referrer does not accept this kind of request."))
    if not position_title.strip():
        raise ReferralError(_("Please give the position title."))
    if kind == AskKind.REFERRAL and not (job_url.strip() or job_id.strip()):
        raise ReferralError(_("A referral needs the job link or the job ID."))
    if not note.strip():
        raise ReferralError(_("Please say in a few sentences why you are a good fit."))
    if resume is not None and resume.owner_id != seeker.pk:
        raise ReferralError(_("Please choose one of your own resumes."))
    if kind != AskKind.ADVICE and resume is None and upload is None:
        raise ReferralError(_("Please attach your resume as a PDF."))

    created_resume = None
    try:
        with transaction.atomic():
            locked = ReferrerChannel.objects.select_for_update().get(pk=channel.pk)
            problem = seeker_limit_problem(seeker=seeker, channel=locked)
            if problem:
                raise ReferralError(problem)
            if upload is not None:
                created_resume = resume_create(
                    owner=seeker, upload=upload, in_library=keep_in_library
                )
                resume = created_resume
            now = timezone.now()
            try:
                with transaction.atomic():
                    request = ReferralRequest.objects.create(
                        seeker=seeker,
                        channel=locked,
                        company_id=locked.company_id,
                        kind=kind,
                        position_title=position_title.strip(),
                        job_url=job_url.strip(),
                        job_id=job_id.strip(),
                        location=location.strip(),
                        resume=resume,
                        note=note.strip(),
                        status=Status.SUBMITTED,
                        created_at=now,
                        updated_at=now,
                        **_deadlines(now),
                    )
            except IntegrityError:
                raise ReferralError(
                    _("You already have an open request at this company.")
                ) from None
            ReferrerChannel.objects.filter(pk=locked.pk).update(
                open_count=F("open_count") + 1, received_count=F("received_count") + 1
            )
            _event(request, EventKind.SUBMITTED, seeker, now=now)
            notify(
                recipient=locked.referrer,
                kind=NotificationKind.NEW_REQUEST,
                referral_request=request,
            )
    except Exception:
        if created_resume is not None:
            created_resume.file.storage.delete(created_resume.file.name)
        raise
    return request


@transaction.atomic
def referral_answer_info(
    *, request: ReferralRequest, seeker, answer: str, via_email_link: bool = False
) -> ReferralRequest:
    """The seeker answers the referrer's question; ``via_email_link``: from the e-mail's
    personal link (``referrals.decision_links``), which the timeline says."""
    request = _lock(request)
    _require_seeker(request, seeker)
    if not answer.strip():
        raise ReferralError(_("Please write your answer."))
    now = timezone.now()
    _move(request, Status.SUBMITTED, SEEKER, now=now, **_deadlines(now))
    _event(
        request,
        EventKind.INFO_PROVIDED,
        seeker,
        message=answer.strip(),
        now=now,
        via_email_link=via_email_link,
    )
    notify(
        recipient=request.channel.referrer,
        kind=NotificationKind.INFO_PROVIDED,
        referral_request=request,
    )
    return request


@transaction.atomic
def referral_withdraw(*, request: ReferralRequest, seeker) -> ReferralRequest:
    request = _lock(request)
    _require_seeker(request, seeker)
    _move(request, Status.WITHDRAWN, SEEKER)
    _event(request, EventKind.WITHDRAWN, seeker)
    notify(
        recipient=request.channel.referrer,
        kind=NotificationKind.WITHDRAWN,
        referral_request=request,
    )
    return request


@transaction.atomic
def referral_report_outcome(*, request: ReferralRequest, seeker, outcome: str) -> ReferralRequest:
    request = _lock(request)
    _require_seeker(request, seeker)
    if request.status != Status.REFERRED:
        raise ReferralError(_("You can report an outcome once you have been referred."))
    if outcome not in Outcome.values:
        raise ReferralError(_("Please choose an outcome."))
    if outcome == request.outcome:
        return request
    request.outcome = outcome
    request.updated_at = timezone.now()
    request.save(update_fields=["outcome", "updated_at"])
    _event(request, EventKind.OUTCOME, seeker, detail=outcome)
    _follow_up_done(request, "outcome", now=request.updated_at)
    notify(
        recipient=request.channel.referrer, kind=NotificationKind.OUTCOME, referral_request=request
    )
    return request


@transaction.atomic
def referral_thank(*, request: ReferralRequest, seeker, message: str) -> ReferralRequest:
    request = _lock(request)
    _require_seeker(request, seeker)
    if (
        request.status not in (Status.REFERRED, Status.DECLINED)
        and request.first_response_at is None
    ):
        raise ReferralError(_("You can send thanks once the referrer has answered."))
    if request.thanked_at is not None:
        raise ReferralError(_("You have already sent a thank-you for this request."))
    if not message.strip():
        raise ReferralError(_("Please write a short thank-you message."))
    request.thanked_at = timezone.now()
    request.save(update_fields=["thanked_at"])
    _event(request, EventKind.THANKED, seeker, message=message.strip())
    _follow_up_done(request, "thanks", now=request.thanked_at)
    notify(
        recipient=request.channel.referrer, kind=NotificationKind.THANKED, referral_request=request
    )
    return request


def _require_seeker(request: ReferralRequest, seeker) -> None:
    if request.seeker_id != seeker.pk:
        raise ReferralError(_("Only the person who sent this request can do that."))


def _require_referrer(request: ReferralRequest, referrer) -> None:
    if request.channel.referrer_id != referrer.pk:
        raise ReferralError(_("Only the referrer this request was sent to can do that."))


# --- Referral → relationship (the contacts app) --------------------------------------------


def _relationship_record(request: ReferralRequest, now) -> None:
    """Put seeker and referrer in each other's contacts with this step of the history, in the
    caller's transaction; after a yes, suggest the seeker's thank-you and outcome update. Each
    line is worded for the kind of ask (``referrals.wording``)."""
    seeker, referrer = request.seeker, request.channel.referrer
    if referrer is None:
        return
    kind = ask_kind(request.kind)
    sides = (
        (seeker, referrer, reverse("referrals:my_request", args=[request.pk])),
        (referrer, seeker, reverse("referrals:inbox_request", args=[request.pk])),
    )
    for owner, other, link in sides:
        if owner is None:
            continue
        with translation.override(owner.email_language):
            summary = str(wording.RELATIONSHIP_SUMMARY[kind, request.status]) % {
                "position": request.position_title,
                "company": request.company.display_name,
            }
        relationship_record(
            owner=owner,
            other=other,
            # An advice chat or a resume review is a conversation, not a referral.
            kind="referral" if kind == AskKind.REFERRAL else "message",
            occurred_at=now,
            summary=summary,
            topics=request.position_title,
            link=link,
        )
    if request.status == Status.REFERRED and seeker is not None:
        thanks, update = wording.FOLLOW_UP_TOPICS[kind]
        with translation.override(seeker.email_language):
            thanks, update = str(thanks), str(update)
        follow_ups_after_referral(
            seeker=seeker,
            referrer=referrer,
            request_pk=request.pk,
            now=now,
            thanks_topic=thanks,
            update_topic=update,
            thanked=request.thanked_at is not None,
        )


def _follow_up_done(request: ReferralRequest, action: str, *, now) -> None:
    """The seeker did what an automatic follow-up of this request reminds them of (``"thanks"``,
    ``"outcome"``): close it in the same transaction."""
    follow_ups_done_by_action(
        owner=request.seeker, key=action_key("referral", request.pk, action), now=now
    )


# --- Referrer actions -----------------------------------------------------------------------


@transaction.atomic
def referral_mark_viewed(*, request: ReferralRequest, referrer) -> ReferralRequest:
    """The referrer opened the request. Idempotent: only the first view is an event."""
    request = _lock(request)
    _require_referrer(request, referrer)
    if request.status == Status.SUBMITTED:
        _move(request, Status.VIEWED, REFERRER)
        _event(request, EventKind.VIEWED, referrer)
    return request


@transaction.atomic
def referral_ask_for_info(
    *,
    request: ReferralRequest,
    referrer,
    question: str,
    contact: str = "",
    via_email_link: bool = False,
) -> ReferralRequest:
    request = _lock(request)
    _require_referrer(request, referrer)
    if not question.strip():
        raise ReferralError(_("Please write what you need from the seeker."))
    now = timezone.now()
    _move(
        request,
        Status.NEEDS_INFO,
        REFERRER,
        now=now,
        expires_at=now + timedelta(days=settings.REFERRAL_EXPIRE_AFTER_DAYS),
        nudge_at=None,
        referrer_contact=contact.strip() or request.referrer_contact,
    )
    _event(
        request,
        EventKind.NEEDS_INFO,
        referrer,
        message=question.strip(),
        now=now,
        via_email_link=via_email_link,
    )
    if request.first_response_at is None:
        _relationship_record(request, now)
    _record_first_response(request, now)
    notify(recipient=request.seeker, kind=NotificationKind.NEEDS_INFO, referral_request=request)
    return request


@transaction.atomic
def referral_refer(
    *,
    request: ReferralRequest,
    referrer,
    note: str = "",
    contact: str = "",
    via_email_link: bool = False,
) -> ReferralRequest:
    """The referrer says yes; ``via_email_link``: from the e-mail's personal link
    (``referrals.decision_links``), which the timeline says (as for the other decisions)."""
    request = _lock(request)
    _require_referrer(request, referrer)
    now = timezone.now()
    _move(
        request,
        Status.REFERRED,
        REFERRER,
        now=now,
        referrer_contact=contact.strip() or request.referrer_contact,
    )
    _event(
        request,
        EventKind.REFERRED,
        referrer,
        message=note.strip(),
        now=now,
        via_email_link=via_email_link,
    )
    _relationship_record(request, now)
    _record_first_response(request, now)
    ReferrerChannel.objects.filter(pk=request.channel_id).update(
        referred_count=F("referred_count") + 1, last_referred_at=now
    )
    notify(recipient=request.seeker, kind=NotificationKind.REFERRED, referral_request=request)
    return request


@transaction.atomic
def referral_decline(
    *,
    request: ReferralRequest,
    referrer,
    reason: str,
    note: str = "",
    via_email_link: bool = False,
) -> ReferralRequest:
    request = _lock(request)
    _require_referrer(request, referrer)
    if reason not in DeclineReason.values:
        raise ReferralError(_("Please choose a reason, so the seeker can learn from it."))
    now = timezone.now()
    _move(request, Status.DECLINED, REFERRER, now=now, decline_reason=reason)
    _event(
        request,
        EventKind.DECLINED,
        referrer,
        message=note.strip(),
        detail=reason,
        now=now,
        via_email_link=via_email_link,
    )
    if request.first_response_at is None:
        _relationship_record(request, now)
    _record_first_response(request, now)
    notify(recipient=request.seeker, kind=NotificationKind.DECLINED, referral_request=request)
    return request


# --- Periodic work (manage.py referral_sweep) -----------------------------------------------


# Due requests expired per transaction by the sweep, and what it reads of each.
EXPIRY_BATCH = 500
EXPIRY_ROW = ("pk", "channel_id", "seeker_id", "first_response_at", "company_id")


def referrals_expire_due(*, now=None, batch_size: int = EXPIRY_BATCH) -> int:
    """Expire open requests past their deadline. Touches only due rows; safe to run twice.

    A batch at a time: each transaction claims up to ``batch_size`` due rows (locked; rows that
    someone is deciding on right now are skipped and expire on the next run if still due),
    expires them with one UPDATE, writes their events and notifications in bulk and moves each
    channel's counters once. The cost follows the rows that expire, in few statements each.
    """
    now = now or timezone.now()
    expired = 0
    while True:
        with transaction.atomic():
            batch = list(
                ReferralRequest.objects.select_for_update(of=("self",), skip_locked=True)
                .filter(status__in=OPEN_STATUSES, expires_at__lte=now)
                .order_by("expires_at", "pk")
                .values_list(*EXPIRY_ROW)[:batch_size]
            )
            if batch:
                _expire_batch(batch, now=now)
        expired += len(batch)
        if len(batch) < batch_size:
            return expired


def _expire_batch(batch: list[tuple], *, now) -> None:
    """What ``_move(…, EXPIRED)``, ``_event`` and ``notify`` do for one request, for many."""
    keys = [pk for pk, *_ in batch]
    ReferralRequest.objects.filter(pk__in=keys).update(
        status=Status.EXPIRED, updated_at=now, closed_at=now, expires_at=None, nudge_at=None
    )
    RequestEvent.objects.bulk_create(
        RequestEvent(request_id=pk, kind=EventKind.EXPIRED, created_at=now) for pk in keys
    )
    # Each channel loses its open requests; those never answered count against its response
    # rate. Channels with the same change are updated together.
    changes: dict[int, tuple[int, int]] = {}
    for _pk, channel_id, _seeker_id, first_response_at, _company in batch:
        closed, unanswered = changes.get(channel_id, (0, 0))
        changes[channel_id] = (closed + 1, unanswered + (first_response_at is None))
    channels_by_change: dict[tuple[int, int], list[int]] = {}
    for channel_id, (closed, unanswered) in changes.items():
        channels_by_change.setdefault((closed, unanswered), []).append(channel_id)
    for (closed, unanswered), channel_ids in channels_by_change.items():
        ReferrerChannel.objects.filter(pk__in=channel_ids).update(
            open_count=Greatest(F("open_count") - closed, 0),
            expired_count=F("expired_count") + unanswered,
        )
    notify_many(
        kind=NotificationKind.EXPIRED,
        referral_requests=[(seeker_id, pk) for pk, _channel, seeker_id, *_rest in batch],
    )


def referrals_nudge_due(*, now=None) -> int:
    """Remind referrers of requests waiting past the nudge time, once per wait."""
    now = now or timezone.now()
    due = list(
        ReferralRequest.objects.filter(
            status__in=AWAITING_REFERRER, nudge_at__lte=now, nudged_at__isnull=True
        ).values_list("pk", flat=True)
    )
    nudged = 0
    for pk in due:
        with transaction.atomic():
            claimed = ReferralRequest.objects.filter(
                pk=pk, status__in=AWAITING_REFERRER, nudged_at__isnull=True
            ).update(nudged_at=now)
            if not claimed:
                continue
            request = ReferralRequest.objects.select_related("channel__referrer").get(pk=pk)
            _event(request, EventKind.NUDGED, now=now)
            notify(
                recipient=request.channel.referrer,
                kind=NotificationKind.NUDGE,
                referral_request=request,
            )
            nudged += 1
    return nudged


# --- After expiry: the next most responsive referrer ----------------------------------------


def referral_next_channel(*, request: ReferralRequest) -> ReferrerChannel | None:
    """The most responsive referrer at the same company this seeker could ask now."""
    asked = ReferralRequest.objects.filter(
        seeker_id=request.seeker_id, company_id=request.company_id
    ).values("channel_id")
    candidates = (
        ReferrerChannel.objects.filter(
            company_id=request.company_id,
            is_accepting=True,
            open_count__lt=F("capacity"),
            referrer__isnull=False,
        )
        .exclude(referrer_id=request.seeker_id)
        .exclude(pk__in=asked)
        .select_related("referrer", "company")
        .order_by(
            F("responded_count").desc(), F("median_response_seconds").asc(nulls_last=True), "pk"
        )
    )
    for channel in candidates[:20]:
        if request.kind in channel.accepted_kinds:
            return channel
    return None


def referral_resend(
    *, request: ReferralRequest, seeker, channel: ReferrerChannel
) -> ReferralRequest:
    """Send an expired or declined request's content to another referrer with one click."""
    _require_seeker(request, seeker)
    if request.is_open:
        raise ReferralError(_("This request is still open."))
    resume = request.resume if request.resume and request.resume.owner_id == seeker.pk else None
    return referral_request_create(
        seeker=seeker,
        channel=channel,
        kind=request.kind,
        position_title=request.position_title,
        note=request.note,
        job_url=request.job_url,
        job_id=request.job_id,
        location=request.location,
        resume=resume,
    )


@transaction.atomic
def referral_remove_by_moderator(*, request_id: int) -> None:
    """Delete a reported request (its resume stays with its owner) and repair the counters."""
    request = ReferralRequest.objects.filter(pk=request_id).first()
    if request is None:
        return
    channel_id = request.channel_id
    request.delete()
    channel_refresh_counters(channel_id=channel_id)


def referrals_member_leaving(*, member) -> None:
    """Close what a leaving member has open and erase their words; keep the other side's record.

    Their open requests are withdrawn; open requests to their channels expire with a note (the
    seeker can then ask someone else in one click); their channels stop accepting; notes,
    answers and thank-you messages they wrote are blanked.
    """
    now = timezone.now()
    for request in ReferralRequest.objects.filter(seeker=member, status__in=OPEN_STATUSES):
        request = _lock(request)
        _move(request, Status.WITHDRAWN, SEEKER, now=now)
        _event(request, EventKind.WITHDRAWN, now=now)
    for request in ReferralRequest.objects.filter(
        channel__referrer=member, status__in=OPEN_STATUSES
    ):
        request = _lock(request)
        _move(request, Status.EXPIRED, SYSTEM, now=now)
        _event(request, EventKind.EXPIRED, message=_("The referrer left Guanxi."), now=now)
        notify(recipient=request.seeker, kind=NotificationKind.EXPIRED, referral_request=request)
    ReferralRequest.objects.filter(seeker=member).update(note="", referrer_contact="")
    ReferralRequest.objects.filter(channel__referrer=member).update(referrer_contact="")
    RequestEvent.objects.filter(actor=member).update(message="")
    company_ids = set(
        ReferrerChannel.objects.filter(referrer=member).values_list("company_id", flat=True)
    )
    ReferrerChannel.objects.filter(referrer=member).update(
        is_accepting=False, instructions="", team=""
    )
    for company_id in company_ids:
        company_refresh_referrer_count(company_id=company_id, leaving=member)


# --- Company merge --------------------------------------------------------------------------


def referral_company_merged(*, source, target) -> None:
    """Move channels and requests of a duplicate company (``workflows.companies.company_merge``)."""
    now = timezone.now()
    for channel in ReferrerChannel.objects.filter(company=source):
        existing = ReferrerChannel.objects.filter(
            company=target, referrer_id=channel.referrer_id
        ).first()
        if existing is None:
            ReferrerChannel.objects.filter(pk=channel.pk).update(company=target)
        else:
            ReferralRequest.objects.filter(channel=channel).update(channel=existing)
            channel.delete()
    open_at_target = {
        r.seeker_id: r
        for r in ReferralRequest.objects.filter(company=target, status__in=OPEN_STATUSES)
    }
    for source_request in ReferralRequest.objects.filter(company=source, status__in=OPEN_STATUSES):
        other = open_at_target.get(source_request.seeker_id)
        if other is not None:
            # Keep the older request open; close the newer one.
            request = max(source_request, other, key=lambda r: (r.created_at, r.pk))
            request.status = Status.WITHDRAWN
            request.closed_at = now
            request.expires_at = request.nudge_at = None
            request.save()
            _event(
                request,
                EventKind.WITHDRAWN,
                message=_("Closed because the company was merged with a duplicate."),
                now=now,
            )
    ReferralRequest.objects.filter(company=source).update(company=target)
    for channel in ReferrerChannel.objects.filter(company=target):
        channel_refresh_counters(channel_id=channel.pk)
    company_refresh_referrer_count(company_id=target.pk)
    # The target's weekly figures now include the duplicate's history (its own rows go with it).
    request_stats_company_rebuild(company_id=target.pk, now=now)


def channel_refresh_counters(*, channel_id: int) -> None:
    """Recompute a channel's counters from its requests (repairs; used after merges)."""
    requests = ReferralRequest.objects.filter(channel_id=channel_id)
    last = requests.filter(status=Status.REFERRED).order_by("-closed_at").first()
    ReferrerChannel.objects.filter(pk=channel_id).update(
        open_count=requests.filter(status__in=OPEN_STATUSES).count(),
        received_count=requests.count(),
        responded_count=requests.filter(first_response_at__isnull=False).count(),
        expired_count=requests.filter(
            status=Status.EXPIRED, first_response_at__isnull=True
        ).count(),
        referred_count=requests.filter(status=Status.REFERRED).count(),
        last_referred_at=last.closed_at if last else None,
    )
    channel_refresh_median(channel_id=channel_id)
