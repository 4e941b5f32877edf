"""Reads scoped to the member asking: a forgotten filter cannot leak someone else's request."""

import statistics
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import (
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from guanxi.compiled import BoundQuery, CompiledQuery
from referrals.models import (
    AWAITING_REFERRER,
    OPEN_STATUSES,
    EventKind,
    Outcome,
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


# A company's referrer cards are read on every visit of its page: compiled once per sort and
# page (guanxi.compiled), as the company's key.
_channel_cards = CompiledQuery(
    ReferrerChannel,
    lambda company, sort, bottom, top: channels_for_company(company=company, sort=sort)[bottom:top],
    int,
)


def channel_cards_of(company, *, sort: str) -> BoundQuery:
    """``channels_for_company`` sliced a page at a time."""
    return _channel_cards.bind(company.pk, sort=sort if sort in CARD_SORTS else "active")


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


# "My requests" runs on every visit: compiled once (guanxi.compiled), as a seeker's key.
_seeker_rows = CompiledQuery(
    ReferralRequest,
    lambda seeker, bottom, top: request_rows_for_seeker(seeker)[bottom:top],
    int,
)


def my_request_rows_of(user) -> BoundQuery:
    """The rows of "My requests", open first then latest change first, sliced a page at a time
    (UncountedPaginator)."""
    return _seeker_rows.bind(user.pk)


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


# How many waiting requests the inbox lists, oldest first.
INBOX_WAITING_LIMIT = 100

# The inbox's two lists run on every visit: compiled once (guanxi.compiled), as a referrer's key.
_waiting_rows = CompiledQuery(
    ReferralRequest,
    lambda referrer: request_rows_for_referrer(referrer).filter(status__in=OPEN_STATUSES)[
        :INBOX_WAITING_LIMIT
    ],
    int,
)
# A page of decided requests: the page's keys chosen from the bare rows, newest decision first,
# and only those joined to their seeker and company.
_closed_rows = CompiledQuery(
    ReferralRequest,
    lambda referrer, bottom, top: (
        referrer_rows()
        .filter(pk__in=closed_requests_for_referrer(referrer).values("pk")[bottom:top])
        .order_by("-closed_at", "-pk")
    ),
    int,
)


def waiting_rows_for_referrer(user) -> list[ReferralRequest]:
    """The inbox's "Waiting for you": open requests, what their rows show, oldest first."""
    return _waiting_rows.rows(user.pk)


def closed_rows_for_referrer(user) -> BoundQuery:
    """The inbox's "Decided and closed", sliced a page at a time (UncountedPaginator)."""
    return _closed_rows.bind(user.pk)


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


# --- A referrer's impact ----------------------------------------------------------------------

# What "recently" means on the impact page.
IMPACT_RECENT_DAYS = 365
# How many of the latest thank-you notes it quotes.
IMPACT_THANKS_SHOWN = 5


@dataclass
class Impact:
    """What a referrer's help came to, for one channel or all of theirs."""

    received: int = 0
    responded: int = 0
    referred: int = 0
    expired: int = 0
    thanked: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)  # Outcome value -> requests
    recent_received: int = 0
    recent_referred: int = 0
    recent_thanked: int = 0
    median_response_seconds: int | None = None
    last_referred_at: object = None

    @property
    def outcomes_reported(self) -> int:
        return sum(self.outcomes.values())

    @property
    def outcome_rows(self) -> list[tuple[str, int]]:
        """(label, count) for each outcome, in the order of the choices."""
        return [(label, self.outcomes.get(value, 0)) for value, label in Outcome.choices]

    @property
    def response_rate_percent(self) -> int | None:
        """As on the referrer's card: answered ÷ (answered + expired unanswered)."""
        if not self.responded:
            return None
        return round(100 * self.responded / (self.responded + self.expired))


def referrer_impact(user, channels: list[ReferrerChannel], *, now=None) -> dict:
    """The impact page's figures: ``{"channels": {channel pk: Impact}, "total": Impact,
    "thanks": [latest thank-you events]}`` for ``channels``, which must be ``user``'s own (every
    query is scoped to the user's channels as well). Four queries at most, whatever the number
    of channels or requests: the channels' counters are read from the channels themselves."""
    now = now or timezone.now()
    since = now - timedelta(days=IMPACT_RECENT_DAYS)
    ids = [c.pk for c in channels if c.referrer_id == user.pk]
    per_channel = {}
    total = Impact()
    for channel in channels:
        if channel.pk not in ids:
            continue
        impact = Impact(
            received=channel.received_count,
            responded=channel.responded_count,
            referred=channel.referred_count,
            expired=channel.expired_count,
            median_response_seconds=channel.median_response_seconds,
            last_referred_at=channel.last_referred_at,
        )
        per_channel[channel.pk] = impact
        for name in ("received", "responded", "referred", "expired"):
            setattr(total, name, getattr(total, name) + getattr(impact, name))
        if channel.last_referred_at and (
            total.last_referred_at is None or channel.last_referred_at > total.last_referred_at
        ):
            total.last_referred_at = channel.last_referred_at
    if not ids:
        return {"channels": per_channel, "total": total, "thanks": []}
    mine = ReferralRequest.objects.filter(channel__referrer=user, channel_id__in=ids)
    rows = (
        mine.order_by()
        .values("channel_id")
        .annotate(
            thanked=Count("pk", filter=Q(thanked_at__isnull=False)),
            recent_received=Count("pk", filter=Q(created_at__gte=since)),
            recent_referred=Count("pk", filter=Q(status=Status.REFERRED, closed_at__gte=since)),
            recent_thanked=Count("pk", filter=Q(thanked_at__gte=since)),
            **{
                f"outcome_{value}": Count("pk", filter=Q(outcome=value)) for value in Outcome.values
            },
        )
    )
    for row in rows:
        impact = per_channel[row["channel_id"]]
        impact.thanked = row["thanked"]
        impact.recent_received = row["recent_received"]
        impact.recent_referred = row["recent_referred"]
        impact.recent_thanked = row["recent_thanked"]
        impact.outcomes = {v: row[f"outcome_{v}"] for v in Outcome.values if row[f"outcome_{v}"]}
        for name in ("thanked", "recent_received", "recent_referred", "recent_thanked"):
            setattr(total, name, getattr(total, name) + getattr(impact, name))
        for value, count in impact.outcomes.items():
            total.outcomes[value] = total.outcomes.get(value, 0) + count
    if len(per_channel) == 1:
        total.median_response_seconds = next(iter(per_channel.values())).median_response_seconds
    else:
        total.median_response_seconds = _median_response_seconds(mine)
    thanks = list(
        RequestEvent.objects.filter(
            kind=EventKind.THANKED, request__channel__referrer=user, request__channel_id__in=ids
        )
        .select_related("request__company", "request__seeker")
        .only(
            "created_at", "message", "request__position_title", "request__company__name_en",
            "request__company__name_zh", "request__company__slug", "request__seeker__display_name",
        )
        .order_by("-created_at", "-pk")[:IMPACT_THANKS_SHOWN]
    )  # fmt: skip
    return {"channels": per_channel, "total": total, "thanks": thanks}


def _median_response_seconds(requests: QuerySet[ReferralRequest]) -> int | None:
    """The exact median time to a first response of ``requests`` (a count, then the one or two
    middle values), as ``referrals.services.channel_median_response_seconds`` reads a channel's."""
    answered = requests.filter(first_response_at__isnull=False)
    count = answered.count()
    if not count:
        return None
    waited = ExpressionWrapper(
        F("first_response_at") - F("created_at"), output_field=DurationField()
    )
    middle = (
        answered.annotate(waited=waited)
        .order_by("waited")
        .values_list("waited", flat=True)[(count - 1) // 2 : count // 2 + 1]
    )
    return int(statistics.median(w.total_seconds() for w in middle))
