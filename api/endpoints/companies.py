"""Companies: the list, the search (the same bilingual search as /companies/?q=), and a
company with its referrer cards (the cards of its page, in the same order)."""

from datetime import date, datetime
from typing import Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema

from api.pagination import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    cursor_decode,
    cursor_encode,
    next_link,
    offset_page,
)
from api.schemas import answers, page_of
from companies.selectors import company_by_slug, company_list_page, company_search
from referrals.display import referrer_cards
from referrals.selectors import CARD_SORTS, channels_for_company

router = Router(tags=["Companies"])

# How a company's referrer cards may be sorted: the company page's choices.
Sort = Literal[tuple(CARD_SORTS)]

Limit = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rows per page (1–100).")
Cursor = Query(None, max_length=2000, description="The next_cursor of the previous page.")


class CompanyOut(Schema):
    slug: str
    name_en: str
    name_zh: str
    name: str = Field(description="The name in the token owner's language.")
    active_referrer_count: int
    url: str = Field(description="The company's page on the site.")


class ReferrerCard(Schema):
    channel_id: int = Field(description="Ask this referrer at /ask/{channel_id}/ on the site.")
    referrer_name: str
    job_title: str
    team: str
    locations: str
    accepted_kinds: list[str] = Field(description="advice, resume_review, referral")
    job_families: list[str]
    instructions: str
    capacity: int
    open_count: int
    is_accepting: bool
    paused_until: date | None
    can_be_asked: bool
    verified: bool
    referred_count: int
    last_referred_at: datetime | None
    median_response_hours: float | None
    response_rate_percent: int | None


CompanyPage = page_of("CompanyPage", CompanyOut)
ReferrerPage = page_of("ReferrerPage", ReferrerCard)


class CompanyDetail(CompanyOut):
    website: str
    description: str
    referrer_count: int
    referrers: ReferrerPage


def company_out(request, company) -> dict:
    return {
        "slug": company.slug,
        "name_en": company.name_en,
        "name_zh": company.name_zh,
        "name": company.display_name,
        "active_referrer_count": company.active_referrer_count,
        "url": request.build_absolute_uri(company.get_absolute_url()),
    }


def card_out(channel) -> dict:
    return {
        "channel_id": channel.pk,
        "referrer_name": channel.referrer_name,
        "job_title": channel.job_title,
        "team": channel.team,
        "locations": channel.locations,
        "accepted_kinds": list(channel.accepted_kinds),
        "job_families": list(channel.job_families),
        "instructions": channel.instructions,
        "capacity": channel.capacity,
        "open_count": channel.open_count,
        "is_accepting": channel.is_accepting,
        "paused_until": channel.paused_until,
        "can_be_asked": channel.can_be_asked,
        "verified": channel.is_verified,
        "referred_count": channel.referred_count,
        "last_referred_at": channel.last_referred_at,
        "median_response_hours": channel.median_response_hours,
        "response_rate_percent": channel.response_rate_percent,
    }


@router.get("", response=answers(CompanyPage), summary="Companies, or search them")
def company_list(
    request,
    q: str = Query("", max_length=100, description="Search names and aliases, either script."),
    cursor: str | None = Cursor,
    limit: int = Limit,
):
    """Companies with active referrers first, then by name; with `q`, the site's search
    (English and Chinese names and aliases, case- and width-insensitive, typo-tolerant),
    best match first."""
    query = q.strip()
    if query:
        page = offset_page(
            company_search(query), list_name=f"companies?q={query}", cursor=cursor, limit=limit
        )
        items, next_cursor = page.items, page.next_cursor
    else:
        after = cursor_decode("companies", cursor, 1)[0] if cursor else None
        keyset = company_list_page(per_page=limit, after=after)
        items = keyset.object_list
        next_cursor = cursor_encode("companies", [keyset.next_after]) if keyset.next_after else None
    return {
        "items": [company_out(request, company) for company in items],
        "next": next_link(request, next_cursor),
        "next_cursor": next_cursor,
    }


@router.get(
    "/{slug:slug}", response=answers(CompanyDetail), summary="A company and its referrer cards"
)
def company_detail(
    request,
    slug: str,
    sort: Sort = "active",
    cursor: str | None = Cursor,
    limit: int = Limit,
):
    """A company and its referrer cards, those who can be asked first, then by `sort` (as on
    the company's page); the cards page with `cursor`."""
    company = company_by_slug(slug)
    if company is None:
        raise Http404
    page = offset_page(
        channels_for_company(company=company, sort=sort),
        list_name=f"referrers:{company.pk}:{sort}",
        cursor=cursor,
        limit=limit,
    )
    return {
        **company_out(request, company),
        "website": company.website,
        "description": company.description,
        "referrer_count": company.referrer_count,
        "referrers": {
            "items": [card_out(channel) for channel in referrer_cards(page.items)],
            "next": next_link(request, page.next_cursor),
            "next_cursor": page.next_cursor,
        },
    }
