"""Reads scoped to the member asking: a forgotten filter cannot leak someone else's request."""

from django.db.models import Case, F, IntegerField, QuerySet, When
from django.shortcuts import get_object_or_404

from referrals.models import (
    AWAITING_REFERRER,
    OPEN_STATUSES,
    ReferralRequest,
    ReferrerChannel,
    RequestEvent,
    Status,
)
from referrals.wording import event_label

CARD_SORTS = {
    "active": (F("referred_count").desc(), F("last_referred_at").desc(nulls_last=True)),
    "recent": (F("last_referred_at").desc(nulls_last=True),),
    "fast": (F("median_response_seconds").asc(nulls_last=True),),
    "responsive": (F("responded_count").desc(), F("expired_count").asc()),
    "available": (F("open_count").asc(),),
}


# A referrer card shows the channel and the referrer's public name, nothing else of the member.
CARD_FIELDS = (
    *(f.name for f in ReferrerChannel._meta.concrete_fields if f.name != "created_at"),
    "referrer__display_name",
)


def member_work(member) -> tuple[str, str] | None:
    """A member's company and title as their referrer channel gives them (an accepting channel
    first); None when they have no channel. A source of contacts.work."""
    channel = (
        ReferrerChannel.objects.filter(referrer=member)
        .select_related("company")
        .order_by("-is_accepting", "pk")
        .first()
    )
    if channel is None:
        return None
    return channel.company.name_en, channel.job_title


def channels_for_company(*, company, sort: str = "active") -> QuerySet[ReferrerChannel]:
    """Referrer cards: those who can be asked first, then by the chosen metric."""
    order = CARD_SORTS.get(sort, CARD_SORTS["active"])
    return (
        ReferrerChannel.objects.filter(company=company, referrer__isnull=False)
        .select_related("referrer")
        .only(*CARD_FIELDS)
        .annotate(
            askable=Case(
                When(is_accepting=True, open_count__lt=F("capacity"), then=0),
                default=1,
                output_field=IntegerField(),
            )
        )
        .order_by("askable", *order, "pk")
    )


def channels_of(user) -> QuerySet[ReferrerChannel]:
    return (
        ReferrerChannel.objects.filter(referrer=user)
        .select_related("company")
        .order_by("company__name_en")
    )


def my_channel(user, pk: int) -> ReferrerChannel:
    return get_object_or_404(channels_of(user), pk=pk)


def requests_for_seeker(user) -> QuerySet[ReferralRequest]:
    """'My requests': what this member asked others for."""
    return (
        ReferralRequest.objects.filter(seeker=user)
        .select_related("company", "channel__referrer", "resume")
        .annotate(
            open_first=Case(
                When(status__in=OPEN_STATUSES, then=0), default=1, output_field=IntegerField()
            )
        )
        .order_by("open_first", "-updated_at", "-pk")
    )


# What a row of "My requests" shows: loading only these keeps a long list cheap.
SEEKER_ROW_FIELDS = (
    "status", "kind", "position_title", "updated_at", "thanked_at", "first_response_at",
    "company__name_en", "company__name_zh", "company__slug",
    "channel__referrer__display_name",
)  # fmt: skip


def request_rows_for_seeker(user) -> QuerySet[ReferralRequest]:
    return (
        requests_for_seeker(user)
        .select_related(None)
        .select_related("company", "channel__referrer")
        .only(*SEEKER_ROW_FIELDS)
    )


def requests_for_referrer(user) -> QuerySet[ReferralRequest]:
    """'Referral inbox': what others asked of this member. Pending first, oldest first."""
    return (
        ReferralRequest.objects.filter(channel__referrer=user)
        .select_related("company", "seeker", "resume", "channel")
        .annotate(
            bucket=Case(
                When(status__in=AWAITING_REFERRER, then=0),
                When(status=Status.NEEDS_INFO, then=1),
                default=2,
                output_field=IntegerField(),
            )
        )
        .order_by("bucket", "created_at", "pk")
    )


# What a row of the "Referral inbox" shows.
REFERRER_ROW_FIELDS = (
    "status", "kind", "position_title", "note", "resume", "nudged_at", "created_at",
    "closed_at", "thanked_at", "outcome", "first_response_at",
    "company__name_en", "company__name_zh", "company__slug",
    "seeker__display_name",
)  # fmt: skip


def request_rows_for_referrer(user) -> QuerySet[ReferralRequest]:
    return (
        requests_for_referrer(user)
        .select_related(None)
        .select_related("company", "seeker")
        .only(*REFERRER_ROW_FIELDS)
    )


def closed_requests_for_referrer(user) -> QuerySet[ReferralRequest]:
    """The inbox's 'Decided and closed', newest decision first: bare rows, to choose a page."""
    return (
        ReferralRequest.objects.filter(channel__referrer=user)
        .exclude(status__in=OPEN_STATUSES)
        .order_by("-closed_at", "-pk")
    )


def referrer_rows() -> QuerySet[ReferralRequest]:
    """What a row of the inbox shows, for requests already chosen (see UncountedPaginator)."""
    return ReferralRequest.objects.select_related("company", "seeker").only(*REFERRER_ROW_FIELDS)


def request_for_seeker(user, pk: int) -> ReferralRequest:
    return get_object_or_404(requests_for_seeker(user), pk=pk)


def request_for_referrer(user, pk: int) -> ReferralRequest:
    return get_object_or_404(requests_for_referrer(user), pk=pk)


def request_timeline(request: ReferralRequest) -> list[RequestEvent]:
    """The request's events, oldest first, each with its ``label`` worded for the kind of ask."""
    events = list(request.events.select_related("actor").order_by("created_at", "pk"))
    for event in events:
        event.label = event_label(event, request.kind)
    return events
