"""My referrer channels: where the token's member offers referrals (the pages' /referrer/)."""

from datetime import date, datetime

from ninja import Field, Router, Schema

from api.endpoints.companies import Cursor, Limit
from api.endpoints.requests import CompanyRef, company_ref
from api.pagination import keyset_page, next_link
from api.schemas import answers, page_of
from referrals.selectors import channels_of

router = Router(tags=["My referrer channels"])


class ChannelOut(Schema):
    id: int
    company: CompanyRef
    job_title: str
    team: str
    locations: str
    job_families: list[str]
    accepted_kinds: list[str]
    instructions: str
    capacity: int
    is_accepting: bool
    paused_until: date | None
    verified: bool
    open_count: int
    received_count: int
    responded_count: int
    referred_count: int
    last_referred_at: datetime | None
    median_response_hours: float | None
    response_rate_percent: int | None = Field(description="Null until a first answer.")


ChannelPage = page_of("ChannelPage", ChannelOut)


@router.get("", response=answers(ChannelPage), summary="My referrer channels")
def channel_list(request, cursor: str | None = Cursor, limit: int = Limit):
    """Your referrer channels, by company, with their figures."""
    page = keyset_page(channels_of(request.auth), list_name="channels", cursor=cursor, limit=limit)
    return {
        "items": [
            {
                "id": c.pk,
                "company": company_ref(c.company),
                "job_title": c.job_title,
                "team": c.team,
                "locations": c.locations,
                "job_families": list(c.job_families),
                "accepted_kinds": list(c.accepted_kinds),
                "instructions": c.instructions,
                "capacity": c.capacity,
                "is_accepting": c.is_accepting,
                "paused_until": c.paused_until,
                "verified": c.is_verified,
                "open_count": c.open_count,
                "received_count": c.received_count,
                "responded_count": c.responded_count,
                "referred_count": c.referred_count,
                "last_referred_at": c.last_referred_at,
                "median_response_hours": c.median_response_hours,
                "response_rate_percent": c.response_rate_percent,
            }
            for c in page.items
        ],
        "next": next_link(request, page.next_cursor),
        "next_cursor": page.next_cursor,
    }
