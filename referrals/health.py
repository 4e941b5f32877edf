"""Community health: referral requests week by week, overall and per company, for moderators.

The figures come from a rollup, ``WeeklyRequestStats``: a row per week and company, and an
overall row per week (``company`` empty), so the dashboard reads a dozen rows whatever the
number of requests. Weeks start on Monday at midnight in the site's time zone
(``settings.TIME_ZONE``), whoever reads them.

- **Requests** and **responded** follow the requests *sent* that week: how many were sent, and
  how many of them got a first response (``first_response_at``) since. A first response comes
  within the request's first deadline (``REFERRAL_EXPIRE_AFTER_DAYS``), so a week's row stops
  changing once the next week is over.
- **Referred**, **decided** (referred or declined) and **expired** count what happened *that
  week*, by ``closed_at``.
- The **median time to first response** cannot be added up over weeks or companies, so each row
  keeps a histogram: the responded requests counted by ranges of response time
  (``RESPONSE_BUCKET_HOURS``, about doubling: under 1 hour, 1–2, 2–4, … hours, over 2 weeks). A
  median read from it is exact to within its range; inside the range it is interpolated.

``request_stats_refresh`` recomputes the current and the previous week (the sweep runs it every
few minutes); ``request_stats_rebuild`` recomputes every week (``manage.py
request_stats_rebuild``, after loading data or repairing). Both read the requests with a few
grouped queries and write the weeks they cover in one transaction (the sweep only the rows whose
figures changed since its last run), so running them twice, or at the same time, leaves the
same rows.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count, DateField, F, Min, Q, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.models import Company
from referrals.models import (
    DECIDED_STATUSES,
    RESPONSE_BUCKET_HOURS,
    ReferralRequest,
    Status,
    WeeklyRequestStats,
)

# How many weeks the dashboard shows, the current one included.
DASHBOARD_WEEKS = 12
# How many companies its table of the busiest ones lists.
BUSIEST_COMPANIES = 10
# Weeks recomputed per set of queries by the rebuild (bounds the rows held in memory).
REBUILD_CHUNK_WEEKS = 8
BUCKETS = len(RESPONSE_BUCKET_HOURS) + 1  # the last one: longer than the longest range
CLOSED_STATUSES = (*DECIDED_STATUSES, Status.EXPIRED)


# --- Weeks ----------------------------------------------------------------------------------


def site_zone() -> datetime.tzinfo:
    return timezone.get_default_timezone()


def week_of(moment: datetime.datetime) -> datetime.date:
    """The Monday of the week ``moment`` falls in, in the site's time zone."""
    day = timezone.localtime(moment, site_zone()).date()
    return day - datetime.timedelta(days=day.weekday())


def week_begins(monday: datetime.date) -> datetime.datetime:
    """Monday 00:00 in the site's time zone, as an aware datetime."""
    return datetime.datetime.combine(monday, datetime.time(), tzinfo=site_zone())


# --- Writing the rollup ---------------------------------------------------------------------


def _week(field_name: str) -> TruncWeek:
    """The Monday of a datetime column's week, in the site's time zone, as a date."""
    return TruncWeek(field_name, output_field=DateField(), tzinfo=site_zone())


def _grouped(requests, by_company: bool):
    return requests.order_by().values(*(("week", "company_id") if by_company else ("week",)))


def _cohorts(requests, *, by_company: bool):
    """Per week sent (and company): requests sent, those answered since, and how many were
    answered within each range's upper bound (cumulative counts). One query."""
    within = {
        f"within_{i}": Count(
            "pk",
            filter=Q(first_response_at__lt=F("created_at") + datetime.timedelta(hours=hours)),
        )
        for i, hours in enumerate(RESPONSE_BUCKET_HOURS)
    }
    return _grouped(requests.annotate(week=_week("created_at")), by_company).annotate(
        n_created=Count("pk"),
        n_responded=Count("pk", filter=Q(first_response_at__isnull=False)),
        **within,
    )


def _closings(requests, *, by_company: bool):
    """Per week closed (and company): requests referred, decided and expired. One query."""
    closed = requests.filter(status__in=CLOSED_STATUSES).annotate(week=_week("closed_at"))
    return _grouped(closed, by_company).annotate(
        n_referred=Count("pk", filter=Q(status=Status.REFERRED)),
        n_decided=Count("pk", filter=Q(status__in=DECIDED_STATUSES)),
        n_expired=Count("pk", filter=Q(status=Status.EXPIRED)),
    )


def _histogram(row: dict) -> list[int]:
    """Counts per range from the cumulative ``within_<i>`` counts of a cohort row."""
    within = [row[f"within_{i}"] for i in range(len(RESPONSE_BUCKET_HOURS))]
    bounds = [0, *within, row["n_responded"]]
    return [bounds[i + 1] - bounds[i] for i in range(BUCKETS)]


# A row's figures as the rollup stores them: created, responded, referred, decided, expired and
# the histogram, keyed by (week, company id or None).
FIELDS = ("created", "responded", "referred", "decided", "expired", "response_histogram")


def _figures(
    start: datetime.datetime, end: datetime.datetime | None, *, company_id: int | None = None
) -> dict[tuple, list]:
    """The figures of the weeks from ``start`` to ``end``: per company, and overall unless
    ``company_id`` names one. Two grouped queries each, over those weeks' requests only."""
    sent = ReferralRequest.objects.filter(created_at__gte=start)
    closed = ReferralRequest.objects.filter(closed_at__gte=start)
    if end is not None:
        sent, closed = sent.filter(created_at__lt=end), closed.filter(closed_at__lt=end)
    if company_id is not None:
        sent, closed = sent.filter(company_id=company_id), closed.filter(company_id=company_id)
    rows: dict[tuple, list] = {}

    def row(found: dict) -> list:
        key = (found["week"], found.get("company_id"))
        if key not in rows:
            rows[key] = [0, 0, 0, 0, 0, [0] * BUCKETS]
        return rows[key]

    for by_company in (True, False) if company_id is None else (True,):
        for cohort in _cohorts(sent, by_company=by_company).iterator(chunk_size=5000):
            r = row(cohort)
            r[0], r[1], r[5] = cohort["n_created"], cohort["n_responded"], _histogram(cohort)
        for closing in _closings(closed, by_company=by_company).iterator(chunk_size=5000):
            r = row(closing)
            r[2], r[3], r[4] = closing["n_referred"], closing["n_decided"], closing["n_expired"]
    return rows


def _stats_row(key: tuple, values: list, now) -> WeeklyRequestStats:
    week, company_id = key
    return WeeklyRequestStats(
        week=week, company_id=company_id, computed_at=now, **dict(zip(FIELDS, values, strict=True))
    )


def _write(old, figures: dict[tuple, list], *, now) -> int:
    """Make the rows of ``old`` (a queryset of the weeks recomputed) say ``figures``, in one
    transaction: rows whose figures changed or went are deleted, changed and new ones inserted,
    the others stay (most of them, between two runs of the sweep). The overall rows are marked
    computed now. When a run at the same time as this one wrote the same rows first, the insert
    collides and nothing is left to do. Returns the number of rows written."""
    existing = {
        (week, company_id): (pk, values)
        for pk, week, company_id, *values in old.values_list("pk", "week", "company_id", *FIELDS)
    }
    stale = [pk for key, (pk, values) in existing.items() if figures.get(key) != values]
    fresh = [
        _stats_row(key, values, now)
        for key, values in figures.items()
        if key not in existing or existing[key][1] != values
    ]
    try:
        with transaction.atomic():
            WeeklyRequestStats.objects.filter(pk__in=stale).delete()
            WeeklyRequestStats.objects.bulk_create(fresh, batch_size=1000)
            old.filter(company=None).update(computed_at=now)
    except IntegrityError:
        return 0
    return len(fresh)


def request_stats_refresh(*, now: datetime.datetime | None = None) -> int:
    """Recompute the current and the previous week (the sweep's step). Returns the number of
    rows written: those whose figures changed since the last run."""
    now = now or timezone.now()
    previous = week_of(now) - datetime.timedelta(days=7)
    figures = _figures(week_begins(previous), None)
    return _write(WeeklyRequestStats.objects.filter(week__gte=previous), figures, now=now)


def request_stats_rebuild(*, now: datetime.datetime | None = None) -> int:
    """Recompute every week from the requests (after a bulk load, or to repair), a few weeks
    per set of queries. Returns the number of rows written."""
    now = now or timezone.now()
    first = ReferralRequest.objects.order_by().aggregate(first=Min("created_at"))["first"]
    written = 0
    with transaction.atomic():
        WeeklyRequestStats.objects.all().delete()
        if first is None:
            return 0
        monday, last = week_of(first), week_of(now)
        while monday <= last:
            following = monday + datetime.timedelta(days=7 * REBUILD_CHUNK_WEEKS)
            end = week_begins(following) if following <= last else None
            figures = _figures(week_begins(monday), end)
            rows = [_stats_row(key, values, now) for key, values in figures.items()]
            WeeklyRequestStats.objects.bulk_create(rows, batch_size=1000)
            written += len(rows)
            monday = following
    return written


def request_stats_company_rebuild(*, company_id: int, now: datetime.datetime | None = None) -> int:
    """Recompute every week of one company (after another company was merged into it; the
    overall rows do not change). Returns the number of rows written."""
    now = now or timezone.now()
    first = (
        ReferralRequest.objects.filter(company_id=company_id)
        .order_by()
        .aggregate(first=Min("created_at"))["first"]
    )
    figures = (
        {} if first is None else _figures(week_begins(week_of(first)), None, company_id=company_id)
    )
    return _write(WeeklyRequestStats.objects.filter(company_id=company_id), figures, now=now)


# --- Reading it -----------------------------------------------------------------------------


@dataclass
class WeekFigures:
    """One week's figures (or several weeks' added up), and the rates read from them."""

    week: datetime.date | None = None
    created: int = 0
    responded: int = 0
    referred: int = 0
    decided: int = 0
    expired: int = 0
    histogram: list[int] = field(default_factory=lambda: [0] * BUCKETS)
    is_current: bool = False

    def add(self, row) -> None:
        self.created += row.created
        self.responded += row.responded
        self.referred += row.referred
        self.decided += row.decided
        self.expired += row.expired
        self.add_histogram(row.response_histogram)

    def add_histogram(self, histogram) -> None:
        for i, count in enumerate(histogram[:BUCKETS]):
            self.histogram[i] += count

    @property
    def response_rate(self) -> float | None:
        return self.responded / self.created if self.created else None

    @property
    def referral_rate(self) -> float | None:
        return self.referred / self.decided if self.decided else None

    @property
    def response_percent(self) -> int | None:
        return None if self.response_rate is None else round(self.response_rate * 100)

    @property
    def referral_percent(self) -> int | None:
        return None if self.referral_rate is None else round(self.referral_rate * 100)

    @property
    def median_seconds(self) -> int | None:
        return histogram_median_seconds(self.histogram)

    @property
    def median_hours(self) -> float | None:
        seconds = self.median_seconds
        return None if seconds is None else seconds / 3600

    @property
    def median_label(self) -> str:
        """ "5.3 hours", "2.5 days", "over 14 days"; "" without answers."""
        seconds = self.median_seconds
        if seconds is None:
            return ""
        if self.median_is_over:
            return _("over %(days)s days") % {"days": RESPONSE_BUCKET_HOURS[-1] // 24}
        if seconds < 48 * 3600:
            return _("%(hours)s hours") % {"hours": f"{seconds / 3600:.1f}"}
        return _("%(days)s days") % {"days": f"{seconds / 86400:.1f}"}

    @property
    def median_is_over(self) -> bool:
        """The median is beyond the longest range: only "more than 2 weeks" is known."""
        seconds = self.median_seconds
        return seconds is not None and seconds >= RESPONSE_BUCKET_HOURS[-1] * 3600


def histogram_median_seconds(histogram: list[int]) -> int | None:
    """The median response time a histogram of ``RESPONSE_BUCKET_HOURS`` ranges gives: the range
    the middle answer falls in, and a linear guess inside it (the lower bound of the last,
    open-ended range). None without answers."""
    total = sum(histogram)
    if not total:
        return None
    half = total / 2
    bounds = [0, *RESPONSE_BUCKET_HOURS]
    seen = 0
    for i, count in enumerate(histogram):
        if count and seen + count >= half:
            if i >= len(RESPONSE_BUCKET_HOURS):
                return bounds[-1] * 3600
            low, high = bounds[i], bounds[i + 1]
            return round((low + (high - low) * (half - seen) / count) * 3600)
        seen += count
    return bounds[-1] * 3600  # pragma: no cover - the loop always reaches the half


def weekly_figures(
    *, company: Company | None = None, weeks: int = DASHBOARD_WEEKS, now=None
) -> list[WeekFigures]:
    """The last ``weeks`` weeks, oldest first, the current one last; a week without a row has
    zeros. One query."""
    current = week_of(now or timezone.now())
    mondays = [current - datetime.timedelta(days=7 * i) for i in range(weeks - 1, -1, -1)]
    rows = WeeklyRequestStats.objects.filter(week__gte=mondays[0], week__lte=current)
    rows = rows.filter(company=company) if company is not None else rows.filter(company=None)
    by_week = {r.week: r for r in rows}
    out = []
    for monday in mondays:
        figures = WeekFigures(week=monday, is_current=monday == current)
        if monday in by_week:
            figures.add(by_week[monday])
        out.append(figures)
    return out


def total(weeks: list[WeekFigures]) -> WeekFigures:
    out = WeekFigures()
    for week in weeks:
        out.created += week.created
        out.responded += week.responded
        out.referred += week.referred
        out.decided += week.decided
        out.expired += week.expired
        out.add_histogram(week.histogram)
    return out


def figures_as_of(*, now=None) -> datetime.datetime | None:
    """When the current week's overall row was last computed (None before the first sweep)."""
    current = week_of(now or timezone.now())
    return (
        WeeklyRequestStats.objects.filter(company=None, week__lte=current)
        .order_by("-week")
        .values_list("computed_at", flat=True)
        .first()
    )


@dataclass
class CompanyFigures:
    company: Company
    figures: WeekFigures


def busiest_companies(
    *, weeks: int = DASHBOARD_WEEKS, limit: int = BUSIEST_COMPANIES, now=None
) -> list[CompanyFigures]:
    """The companies with the most requests over the last ``weeks`` weeks, with their figures
    added up over those weeks. Three queries, whatever the number of companies."""
    current = week_of(now or timezone.now())
    first = current - datetime.timedelta(days=7 * (weeks - 1))
    in_weeks = WeeklyRequestStats.objects.filter(
        company__isnull=False, week__gte=first, week__lte=current
    )
    top = list(
        in_weeks.order_by()
        .values("company_id")
        .annotate(
            n_created=Sum("created"),
            n_responded=Sum("responded"),
            n_referred=Sum("referred"),
            n_decided=Sum("decided"),
            n_expired=Sum("expired"),
        )
        .order_by("-n_created", "company_id")[:limit]
    )
    if not top:
        return []
    ids = [row["company_id"] for row in top]
    companies = Company.objects.only("name_en", "name_zh", "slug").in_bulk(ids)
    out = {}
    for row in top:
        figures = WeekFigures(
            created=row["n_created"],
            responded=row["n_responded"],
            referred=row["n_referred"],
            decided=row["n_decided"],
            expired=row["n_expired"],
        )
        if row["company_id"] in companies:  # else merged away since this query began
            out[row["company_id"]] = CompanyFigures(companies[row["company_id"]], figures)
    for company_id, histogram in in_weeks.filter(company_id__in=ids).values_list(
        "company_id", "response_histogram"
    ):
        if company_id in out:
            out[company_id].figures.add_histogram(histogram)
    return [out[pk] for pk in ids if pk in out]


def figures_csv(weeks: list[WeekFigures]) -> str:
    """The weeks as CSV, a row per week: ISO dates, plain numbers, rates in per cent."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Week starting"),
            _("Requests"),
            _("Responded"),
            _("Response rate (%)"),
            _("Decided"),
            _("Referred"),
            _("Referral rate (%)"),
            _("Median time to first response (hours)"),
            _("Expired"),
        ]
    )
    for week in weeks:
        writer.writerow(
            [
                week.week.isoformat(),
                week.created,
                week.responded,
                _decimal(week.response_rate, 100),
                week.decided,
                week.referred,
                _decimal(week.referral_rate, 100),
                _decimal(week.median_hours, 1),
                week.expired,
            ]
        )
    return out.getvalue()


def _decimal(value: float | None, scale: float) -> str:
    return "" if value is None else f"{value * scale:.1f}"
