"""Loading a size into the database: the generators in order, COPY sinks, indexes, counters.

``manage.py scale_data`` calls ``load``. The generators of ``benchmark.data`` (members,
companies, channels, requests and events) and of ``benchmark.networking`` (profiles, contacts,
interactions, follow-ups) run in that order, each writing through a sink: PostgreSQL ``COPY``
(``CopySink``) or, on SQLite, ``bulk_create`` (``OrmSink``). The generators assign the primary
keys, so the sequences are reset at the end.

On PostgreSQL the load is made fast for its duration only: foreign-key triggers are off for the
loading session (``session_replication_role = replica``) and the secondary indexes of the big
tables are dropped before the load and re-created from their saved definitions afterwards.
Counters (channel counts, median response time, company active referrers) are recomputed from the
rows with set-based SQL at the end, so they always agree with the data; so is the weekly rollup of
the moderators' dashboard (``referrals.health.request_stats_rebuild``, grouped queries).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from benchmark import networking
from benchmark.data import (
    CopySink,
    OrmSink,
    Plan,
    Sink,
    Size,
    gen_channels,
    gen_companies,
    gen_members,
    gen_requests,
    optional_model,
)
from referrals.health import request_stats_rebuild
from referrals.models import ReferrerChannel
from referrals.services import channel_refresh_counters, company_refresh_referrer_count

BIG_TABLES = [
    "accounts.User",
    "account.EmailAddress",
    "referrals.ReferralRequest",
    "referrals.RequestEvent",
    "contacts.Contact",
    "contacts.Interaction",
    "contacts.FollowUp",
    "network.NetworkProfile",
]


def gen_networking(plan: Plan, sink: Sink) -> None:
    """Profiles, contacts, interactions and follow-ups, for the models that exist."""
    networking.generate(plan, sink)


def _secondary_indexes(cursor, table: str) -> list[tuple[str, str]]:
    """Indexes of ``table`` that no constraint owns (those can be dropped and re-created)."""
    cursor.execute(
        """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = current_schema() AND i.tablename = %s
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
        """,
        [table],
    )
    return list(cursor.fetchall())


def load(*, size: Size, seed: int, out: Callable[[str], None], now: datetime | None = None) -> dict:
    now = (now or timezone.now()).replace(minute=0, second=0, microsecond=0)
    plan = Plan(size=size, seed=seed, now=now)
    postgres = connection.vendor == "postgresql"
    sink: Sink = CopySink(out) if postgres else OrmSink(out)
    started = time.monotonic()
    phases: dict[str, float] = {}

    def phase(name: str, fn: Callable[[], None]) -> None:
        t = time.monotonic()
        fn()
        phases[name] = round(time.monotonic() - t, 2)
        out(f"  {name}: {phases[name]:.1f} s")

    saved: list[tuple[str, str]] = []
    with transaction.atomic():
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
                cursor.execute("SET LOCAL synchronous_commit = off")
                cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
                for label in BIG_TABLES:
                    model = optional_model(label)
                    if model is None:
                        continue
                    for name, definition in _secondary_indexes(cursor, model._meta.db_table):
                        saved.append((name, definition))
                        cursor.execute(f'DROP INDEX "{name}"')
        phase("members", lambda: gen_members(plan, sink))
        phase("companies", lambda: gen_companies(plan, sink))
        phase("channels", lambda: gen_channels(plan, sink))
        phase("requests and events", lambda: gen_requests(plan, sink))
        phase("networking", lambda: gen_networking(plan, sink))
        if postgres:

            def rebuild() -> None:
                with connection.cursor() as cursor:
                    for _name, definition in saved:
                        cursor.execute(definition)

            phase("indexes", rebuild)
        phase("counters", lambda: refresh_counters(postgres))
        phase("weekly request figures", lambda: request_stats_rebuild(now=now))
        phase("sequences", reset_sequences)
    if postgres:
        with connection.cursor() as cursor:
            t = time.monotonic()
            cursor.execute("ANALYZE")
            phases["analyze"] = round(time.monotonic() - t, 2)
    return {
        "seconds": round(time.monotonic() - started, 1),
        "rows": sink.counts,
        "phases": phases,
        "stats": plan.stats,
        "now": now.isoformat(),
    }


COUNTERS_SQL = """
UPDATE referrals_referrerchannel c SET
    open_count = s.open_count,
    received_count = s.received_count,
    responded_count = s.responded_count,
    expired_count = s.expired_count,
    referred_count = s.referred_count,
    last_referred_at = s.last_referred_at,
    median_response_seconds = s.median
FROM (
    SELECT channel_id,
        count(*) FILTER (WHERE status IN ('submitted', 'viewed', 'needs_info')) AS open_count,
        count(*) AS received_count,
        count(*) FILTER (WHERE first_response_at IS NOT NULL) AS responded_count,
        count(*) FILTER (WHERE status = 'expired' AND first_response_at IS NULL) AS expired_count,
        count(*) FILTER (WHERE status = 'referred') AS referred_count,
        max(closed_at) FILTER (WHERE status = 'referred') AS last_referred_at,
        floor(percentile_cont(0.5) WITHIN GROUP (
            ORDER BY extract(epoch FROM first_response_at - created_at)
        ) FILTER (WHERE first_response_at IS NOT NULL))::integer AS median
    FROM referrals_referralrequest GROUP BY channel_id
) s
WHERE c.id = s.channel_id
"""

COMPANY_COUNT_SQL = """
UPDATE companies_company co SET active_referrer_count = s.active, referrer_count = s.n
FROM (
    SELECT company_id, count(*) AS n, count(*) FILTER (WHERE is_accepting) AS active
    FROM referrals_referrerchannel WHERE referrer_id IS NOT NULL GROUP BY company_id
) s
WHERE co.id = s.company_id
"""


def refresh_counters(postgres: bool) -> None:
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '256MB'")
            cursor.execute(COUNTERS_SQL)
            cursor.execute(COMPANY_COUNT_SQL)
        return
    # SQLite (tiny/small): the services' own repair functions, one channel at a time.
    for pk in ReferrerChannel.objects.values_list("pk", flat=True):
        channel_refresh_counters(channel_id=pk)
    for company_id in set(ReferrerChannel.objects.values_list("company_id", flat=True)):
        company_refresh_referrer_count(company_id=company_id)


def reset_sequences() -> None:
    models_ = [m for m in apps.get_models() if m._meta.app_label in _LOADED_APPS]
    statements = connection.ops.sequence_reset_sql(no_style(), models_)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


_LOADED_APPS = {"accounts", "account", "companies", "referrals", "contacts", "network"}
