"""My requests: what the token's member asked others for (the pages' "My requests"): asking for
a referral, and what they may do with a request: answer a question, withdraw, report the
outcome, thank."""

from datetime import datetime
from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, UploadedFile
from ninja.responses import Status

from accounts.models import member_name
from api.auth import require_write
from api.endpoints.companies import Cursor, Limit
from api.errors import ApiError, form_error
from api.pagination import keyset_page, next_link
from api.schemas import ERRORS, answers, form_data, form_schema, page_of
from guanxi.ratelimit import hit, retry_after
from referrals.display import my_request_rows
from referrals.forms import AnswerForm, OutcomeForm, ReferralRequestForm, ThankForm
from referrals.models import AskKind, ReferrerChannel
from referrals.selectors import request_for_seeker, request_rows_for_seeker, request_timeline
from referrals.services import (
    referral_answer_info,
    referral_report_outcome,
    referral_request_create,
    referral_thank,
    referral_withdraw,
)
from referrals.views.seeker import ASK_ATTEMPTS_PER_HOUR

router = Router(tags=["My requests"])

MAX_ID = 2**63 - 1


class CompanyRef(Schema):
    slug: str
    name: str


class RequestRow(Schema):
    id: int
    status: str = Field(description="submitted, viewed, needs_info, referred, declined, …")
    status_label: str = Field(description="The status as the site words it for the kind.")
    kind: str = Field(description="advice, resume_review or referral")
    kind_label: str
    position_title: str
    company: CompanyRef
    referrer_name: str
    updated_at: datetime
    thanked: bool


class EventOut(Schema):
    kind: str
    label: str
    by: str = Field(description="seeker, referrer, or system")
    message: str
    detail: str = Field(description="A decline reason or an outcome, as a code.")
    detail_label: str
    via_email_link: bool = Field(
        description="Done through the personal link of an e-mail, without signing in."
    )
    created_at: datetime


class RequestDetail(Schema):
    id: int
    status: str
    status_label: str
    kind: str
    kind_label: str
    position_title: str
    job_url: str
    job_id: str
    location: str
    note: str
    company: CompanyRef
    seeker_name: str
    referrer_name: str
    has_resume: bool
    created_at: datetime
    updated_at: datetime
    expires_at: datetime | None
    first_response_at: datetime | None
    closed_at: datetime | None
    decline_reason: str
    outcome: str
    thanked_at: datetime | None
    referrer_contact: str = Field(description="A contact detail the referrer chose to share.")
    events: list[EventOut] = Field(description="The timeline, oldest first.")
    url: str = Field(description="This request's page on the site, for its member.")


RequestPage = page_of("RequestPage", RequestRow)
# Asking for a referral: the fields of the page's form ("Ask for a referral"), the referrer's
# channel, and the resume as an id from the library or a PDF sent with the form.
AskIn = form_schema(
    "AskIn",
    ReferralRequestForm,
    exclude=("kind", "resume_source", "resume", "upload"),
    extra={
        "channel_id": (int, Field(..., ge=1, le=MAX_ID, description="The referrer's channel.")),
        "kind": (
            Literal[tuple(AskKind.values)],
            Field(..., description="What you ask for; the channel must accept it."),
        ),
        "resume_id": (
            int | None,
            Field(None, ge=1, le=MAX_ID, description="A resume of your library, or send a PDF."),
        ),
    },
)
ResumeFile = File(None, description="A new resume, as a PDF (instead of resume_id).")
AnswerIn = form_schema("AnswerIn", AnswerForm)
OutcomeIn = form_schema("OutcomeIn", OutcomeForm)
ThanksIn = form_schema("ThanksIn", ThankForm)


def company_ref(company) -> dict:
    return {"slug": company.slug, "name": company.display_name}


def request_out(request, referral, url: str) -> dict:
    """A request as both sides see it, with its timeline (``request_timeline``)."""
    seeker_id, referrer_id = referral.seeker_id, referral.channel.referrer_id
    # The inbox's selector does not join the referrer: in the inbox, it is the token's member.
    referrer = request.auth if referrer_id == request.auth.pk else referral.channel.referrer
    events = request_timeline(referral)
    return {
        "id": referral.pk,
        "status": referral.status,
        "status_label": str(referral.status_label),
        "kind": referral.kind,
        "kind_label": str(referral.get_kind_display()),
        "position_title": referral.position_title,
        "job_url": referral.job_url,
        "job_id": referral.job_id,
        "location": referral.location,
        "note": referral.note,
        "company": company_ref(referral.company),
        "seeker_name": str(member_name(referral.seeker)),
        "referrer_name": str(member_name(referrer)),
        "has_resume": referral.resume_id is not None,
        "created_at": referral.created_at,
        "updated_at": referral.updated_at,
        "expires_at": referral.expires_at,
        "first_response_at": referral.first_response_at,
        "closed_at": referral.closed_at,
        "decline_reason": referral.decline_reason,
        "outcome": referral.outcome,
        "thanked_at": referral.thanked_at,
        "referrer_contact": referral.referrer_contact,
        "events": [
            {
                "kind": event.kind,
                "label": str(event.label),
                "by": (
                    "seeker"
                    if event.actor_id is not None and event.actor_id == seeker_id
                    else "referrer"
                    if event.actor_id is not None and event.actor_id == referrer_id
                    else "system"
                ),
                "message": event.message,
                "detail": event.detail,
                "detail_label": str(event.detail_label),
                "via_email_link": event.via_email_link,
                "created_at": event.created_at,
            }
            for event in events
        ],
        "url": request.build_absolute_uri(url),
    }


def _mine(request, request_id: int):
    return request_for_seeker(request.auth, request_id)


def _detail(request, request_id: int) -> dict:
    referral = _mine(request, request_id)
    return request_out(request, referral, referral.get_absolute_url())


@router.get("", response=answers(RequestPage), summary="My requests")
def request_list(request, cursor: str | None = Cursor, limit: int = Limit):
    """Your requests: open ones first, then the most recently changed."""
    page = keyset_page(
        request_rows_for_seeker(request.auth), list_name="requests", cursor=cursor, limit=limit
    )
    my_request_rows(page.items)
    return {
        "items": [
            {
                "id": r.pk,
                "status": r.status,
                "status_label": r.status_text,
                "kind": r.kind,
                "kind_label": r.kind_label,
                "position_title": r.position_title,
                "company": company_ref(r.company),
                "referrer_name": str(r.referrer_name),
                "updated_at": r.updated_at,
                "thanked": r.thanked_at is not None,
            }
            for r in page.items
        ],
        "next": next_link(request, page.next_cursor),
        "next_cursor": page.next_cursor,
    }


@router.post("", response={201: RequestDetail, **ERRORS}, summary="Ask for a referral")
def request_create(request, payload: Form[AskIn], resume: UploadedFile | None = ResumeFile):
    """Send a request to a referrer, as the page "Ask for a referral" does: the same form, limits
    and checks (write access). Send it as `multipart/form-data`, with the resume as a PDF file
    (`resume`) or as the id of one in your library (`resume_id`); an advice chat may have none.
    """
    channel = get_object_or_404(
        ReferrerChannel.objects.select_related("company", "referrer"), pk=payload.channel_id
    )
    require_write(request)
    if hit(ASK_ATTEMPTS_PER_HOUR, str(request.auth.pk)):
        raise ApiError(
            _("Too many attempts in a short time. Please wait a while."),
            code="rate_limited",
            status=429,
            retry_after=retry_after(ASK_ATTEMPTS_PER_HOUR),
        )
    data = payload.dict(exclude={"channel_id", "resume_id"})
    if payload.resume_id is not None:
        data["resume"] = payload.resume_id
    form = ReferralRequestForm(
        data=data,
        files={"upload": resume} if resume is not None else None,
        channel=channel,
        seeker=request.auth,
    )
    if not form.is_valid():
        raise form_error(form)
    cleaned = form.cleaned_data
    created = referral_request_create(
        seeker=request.auth,
        channel=channel,
        kind=cleaned["kind"],
        position_title=cleaned["position_title"],
        note=cleaned["note"],
        job_url=cleaned["job_url"],
        job_id=cleaned["job_id"],
        location=cleaned["location"],
        resume=cleaned["resume"],
        upload=cleaned["upload"],
        keep_in_library=cleaned["keep_in_library"],
    )
    return Status(201, _detail(request, created.pk))


@router.get("/{int:request_id}", response=answers(RequestDetail), summary="One of my requests")
def request_detail(request, request_id: int):
    """One of your requests, with its timeline."""
    return _detail(request, request_id)


@router.post(
    "/{int:request_id}/answer",
    response=answers(RequestDetail),
    summary="Answer the referrer's question",
)
def request_answer(request, request_id: int, payload: AnswerIn):
    """Answer the referrer's question: the request goes back to them (write access)."""
    referral = _mine(request, request_id)
    require_write(request)
    data = form_data(AnswerForm, payload)
    referral_answer_info(request=referral, seeker=request.auth, answer=data["answer"])
    return _detail(request, request_id)


@router.post("/{int:request_id}/withdraw", response=answers(RequestDetail), summary="Withdraw")
def request_withdraw(request, request_id: int):
    """Withdraw an open request (write access)."""
    referral = _mine(request, request_id)
    require_write(request)
    referral_withdraw(request=referral, seeker=request.auth)
    return _detail(request, request_id)


@router.post(
    "/{int:request_id}/outcome", response=answers(RequestDetail), summary="Report the outcome"
)
def request_outcome(request, request_id: int, payload: OutcomeIn):
    """Report how it went after a referral (write access)."""
    referral = _mine(request, request_id)
    require_write(request)
    data = form_data(OutcomeForm, payload)
    referral_report_outcome(request=referral, seeker=request.auth, outcome=data["outcome"])
    return _detail(request, request_id)


@router.post("/{int:request_id}/thanks", response=answers(RequestDetail), summary="Say thank you")
def request_thank(request, request_id: int, payload: ThanksIn):
    """Send the referrer a thank-you, once they answered (write access)."""
    referral = _mine(request, request_id)
    require_write(request)
    data = form_data(ThankForm, payload)
    referral_thank(request=referral, seeker=request.auth, message=data["message"])
    return _detail(request, request_id)
