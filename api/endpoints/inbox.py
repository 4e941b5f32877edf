"""The referral inbox: what others asked of the token's member (the pages' "Referral inbox"),
and their decisions: open (mark viewed), refer, ask for more information, decline."""

from datetime import datetime
from typing import Literal

from ninja import Field, Query, Router, Schema

from api.auth import require_write
from api.endpoints.companies import Cursor, Limit
from api.endpoints.requests import CompanyRef, RequestDetail, company_ref, request_out
from api.pagination import keyset_page, next_link
from api.schemas import answers, form_data, form_schema, page_of
from referrals.display import inbox_rows
from referrals.forms import AskInfoForm, DeclineForm, ReferForm
from referrals.models import OPEN_STATUSES
from referrals.selectors import (
    closed_requests_for_referrer,
    referrer_rows,
    request_for_referrer,
    request_rows_for_referrer,
)
from referrals.services import (
    referral_ask_for_info,
    referral_decline,
    referral_mark_viewed,
    referral_refer,
)

router = Router(tags=["Referral inbox"])


class InboxRow(Schema):
    id: int
    status: str
    status_label: str
    kind: str
    position_title: str
    company: CompanyRef
    seeker_name: str
    created_at: datetime
    closed_at: datetime | None
    outcome: str
    thanked: bool
    nudged: bool = Field(description="A reminder about it was sent to you.")


InboxPage = page_of("InboxPage", InboxRow)
ReferIn = form_schema("ReferIn", ReferForm)
NeedInfoIn = form_schema("NeedInfoIn", AskInfoForm)
DeclineIn = form_schema("DeclineIn", DeclineForm)


def _addressed(request, request_id: int):
    return request_for_referrer(request.auth, request_id)


def _detail(request, request_id: int) -> dict:
    referral = _addressed(request, request_id)
    return request_out(request, referral, referral.get_inbox_url())


@router.get("", response=answers(InboxPage), summary="My referral inbox")
def inbox_list(
    request,
    state: Literal["open", "closed"] = Query(
        "open", description="open: waiting for you, oldest first; closed: decided, newest first."
    ),
    cursor: str | None = Cursor,
    limit: int = Limit,
):
    """Requests sent to you: the open ones (as the inbox lists them), or the closed ones."""
    if state == "open":
        rows = request_rows_for_referrer(request.auth).filter(status__in=OPEN_STATUSES)
        page = keyset_page(rows, list_name="inbox-open", cursor=cursor, limit=limit)
    else:
        page = keyset_page(
            closed_requests_for_referrer(request.auth),
            list_name="inbox-closed",
            cursor=cursor,
            limit=limit,
            rows=referrer_rows(),
        )
    inbox_rows(page.items, pending=state == "open")
    return {
        "items": [
            {
                "id": r.pk,
                "status": r.status,
                "status_label": r.status_text,
                "kind": r.kind,
                "position_title": r.position_title,
                "company": company_ref(r.company),
                "seeker_name": str(r.seeker_name),
                "created_at": r.created_at,
                "closed_at": r.closed_at,
                "outcome": r.outcome,
                "thanked": r.thanked_at is not None,
                "nudged": r.nudged_at is not None,
            }
            for r in page.items
        ],
        "next": next_link(request, page.next_cursor),
        "next_cursor": page.next_cursor,
    }


@router.get("/{int:request_id}", response=answers(RequestDetail), summary="A request sent to me")
def inbox_detail(request, request_id: int):
    """A request sent to you, with its timeline. Reading it here does not mark it viewed:
    `POST …/view` does, as opening it on the site does."""
    return _detail(request, request_id)


@router.post("/{int:request_id}/view", response=answers(RequestDetail), summary="Mark viewed")
def inbox_view(request, request_id: int):
    """Mark the request viewed: the seeker sees you opened it (write access)."""
    referral = _addressed(request, request_id)
    require_write(request)
    referral_mark_viewed(request=referral, referrer=request.auth)
    return _detail(request, request_id)


@router.post("/{int:request_id}/refer", response=answers(RequestDetail), summary="Refer (say yes)")
def inbox_refer(request, request_id: int, payload: ReferIn):
    """Say yes: referred (or, for an advice chat or a resume review, accepted) (write access)."""
    referral = _addressed(request, request_id)
    require_write(request)
    data = form_data(ReferForm, payload)
    referral_refer(
        request=referral, referrer=request.auth, note=data["note"], contact=data["contact"]
    )
    return _detail(request, request_id)


@router.post(
    "/{int:request_id}/need-info",
    response=answers(RequestDetail),
    summary="Ask for more information",
)
def inbox_need_info(request, request_id: int, payload: NeedInfoIn):
    """Ask the seeker for more information (write access)."""
    referral = _addressed(request, request_id)
    require_write(request)
    data = form_data(AskInfoForm, payload)
    referral_ask_for_info(
        request=referral, referrer=request.auth, question=data["question"], contact=data["contact"]
    )
    return _detail(request, request_id)


@router.post(
    "/{int:request_id}/decline", response=answers(RequestDetail), summary="Decline, with a reason"
)
def inbox_decline(request, request_id: int, payload: DeclineIn):
    """Decline, with a reason the seeker can learn from and an optional note (write access)."""
    referral = _addressed(request, request_id)
    require_write(request)
    data = form_data(DeclineForm, payload)
    referral_decline(
        request=referral, referrer=request.auth, reason=data["reason"], note=data["note"]
    )
    return _detail(request, request_id)
