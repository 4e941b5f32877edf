"""In-process measurements (need Django set up): the pages, sessions, SQL time, periodic jobs."""

from __future__ import annotations

import random
import statistics
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection, transaction
from django.db.models import Count, Max
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from benchmark.data import PERSONAS, member_email
from companies.models import Company, CompanyAlias
from network.forms import DirectoryFilterForm
from referrals.health import request_stats_rebuild
from referrals.models import (
    OPEN_STATUSES,
    AskKind,
    ReferralRequest,
    ReferrerChannel,
    WeeklyRequestStats,
)
from referrals.services import channel_is_accepting, referrals_expire_due, seeker_limit_problem


@dataclass
class Page:
    name: str
    url: str
    key: bool = True  # a key page with targets (hello-world is the reference, not a key page)


def pages() -> list[Page]:
    """The key pages of the issue, those whose URLs exist, plus the hello-world reference."""
    slug = Company.objects.order_by("pk").values_list("slug", flat=True).first() or "google"
    wanted = [
        ("company_list", "companies:list", {}, ""),
        ("company_page", "companies:detail", {"slug": slug}, ""),
        ("search_latin", "companies:list", {}, "?q=google"),
        ("search_chinese", "companies:list", {}, "?q=%E5%8F%B0%E7%A9%8D%E9%9B%BB"),  # 台積電
        ("search_simplified", "companies:list", {}, "?q=%E5%8F%B0%E7%A7%AF%E7%94%B5"),  # 台积电
        ("search_typo", "companies:list", {}, "?q=gogle"),
        ("my_requests", "referrals:my_requests", {}, ""),
        ("referral_inbox", "referrals:inbox", {}, ""),
        ("member_directory", "network:directory", {}, ""),
        ("contacts_list", "contacts:list", {}, ""),
        ("gone_quiet", "contacts:gone_quiet", {}, ""),
    ]
    out = []
    for name, url_name, kwargs, query in wanted:
        try:
            out.append(Page(name, reverse(url_name, kwargs=kwargs) + query))
        except NoReverseMatch:
            continue
    # Not a key page of the issue: the directory filtered by a common city (a free-text filter
    # matching 6 % of members), measured to keep its count and trigram index honest.
    out.append(Page("directory_by_city", reverse("network:directory") + "?city=Taipei", key=False))
    # Not a key page either: the moderators' community-health dashboard (the personas are
    # moderators, see benchmark.data.PERSONAS), read from the weekly rollup the load rebuilds.
    out.append(Page("community_health", reverse("referrals:health"), key=False))
    try:
        out.append(Page("hello_world", reverse("bench_hello"), key=False))
    except NoReverseMatch:
        pass
    return out


def persona_ids() -> list[int]:
    emails = [member_email(i) for i in range(1, PERSONAS + 1)]
    return list(User.objects.filter(email__in=emails).order_by("pk").values_list("pk", flat=True))


def personas_prepare(user_ids: list[int]) -> dict:
    """What a database loaded before the moderators' dashboard lacks: the personas as moderators
    and the weekly rollup (rebuilt once, when it is empty). Nothing to do on a fresh load."""
    made_staff = User.objects.filter(pk__in=user_ids, is_staff=False).update(is_staff=True)
    rebuilt = None
    if not WeeklyRequestStats.objects.exists():
        rebuilt = request_stats_rebuild()
    return {"made_staff": made_staff, "stats_rows_rebuilt": rebuilt}


def create_sessions(user_ids: list[int]) -> list[str]:
    """A signed-in session per member, made directly (no password hashing, no login form)."""
    engine = import_module(settings.SESSION_ENGINE)
    keys = []
    for user in User.objects.filter(pk__in=user_ids).order_by("pk"):
        session = engine.SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    return keys


class SqlTimer:
    """Counts and times every query run on the default connection in this thread."""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0
        self.statements: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1
            self.statements.append(sql)


@contextmanager
def sql_timer():
    timer = SqlTimer()
    with connection.execute_wrapper(timer):
        yield timer


def profile_pages(page_list: list[Page], user_id: int, repeat: int = 5) -> dict[str, dict]:
    """Per page, in-process (medians of ``repeat`` requests after one to warm up): queries per
    request, the time its SQL alone takes and the whole request's time. There is no page cache:
    every request renders the page in full, so this is what any visit costs."""
    client = Client()
    client.force_login(User.objects.get(pk=user_id))
    out = {}
    for page in page_list:
        client.get(page.url)  # warm up (content types, translations, templates)
        result: dict = {"url": page.url}
        counts, sql_ms, total_ms = [], [], []
        for _ in range(repeat):
            started = time.perf_counter()
            with sql_timer() as timer:
                response = client.get(page.url)
            total_ms.append((time.perf_counter() - started) * 1000)
            result["status"] = response.status_code
            counts.append(timer.count)
            sql_ms.append(timer.seconds * 1000)
        result["queries"] = statistics.median(counts)
        result["queries_max"] = max(counts)
        result["sql_ms"] = round(statistics.median(sql_ms), 2)
        result["in_process_ms"] = round(statistics.median(total_ms), 2)
        out[page.name] = result
    return out


class _Rollback(Exception):
    pass


def time_expiry_sweep() -> dict:
    """The expiry sweep on the current data, inside a transaction that is rolled back.

    Reports the rows it expired and the time per row, and the time of finding the due rows
    alone (which must not grow with the table).
    """
    now = timezone.now()
    find = []
    for _ in range(5):
        started = time.perf_counter()
        due = list(
            ReferralRequest.objects.filter(status__in=OPEN_STATUSES, expires_at__lte=now)
            .order_by("expires_at")
            .values_list("pk", flat=True)
        )
        find.append((time.perf_counter() - started) * 1000)
    result: dict = {}
    try:
        with transaction.atomic():
            started = time.perf_counter()
            with sql_timer() as timer:
                expired = referrals_expire_due(now=now)
            seconds = time.perf_counter() - started
            result.update(
                due_rows=len(due),
                expired=expired,
                seconds=round(seconds, 3),
                ms_per_row=round(seconds * 1000 / expired, 3) if expired else None,
                queries=timer.count,
                queries_per_row=round(timer.count / expired, 2) if expired else None,
                find_due_ms=round(statistics.median(find), 3),
            )
            raise _Rollback
    except _Rollback:
        pass
    return result


def digest_reset() -> dict:
    """Forget digests already recorded, so every benchmark run sends the same ones."""
    try:
        digest_sent = apps.get_model("contacts", "DigestSent")
    except LookupError:
        return {"available": False}
    deleted_tasks, _ = DBTaskResult.objects.filter(task_path__contains="send_digest_batch").delete()
    deleted, _ = digest_sent.objects.all().delete()
    return {"available": True, "deleted_digests": deleted, "deleted_tasks": deleted_tasks}


def digest_status() -> dict:
    """How many recorded digests have been handled (sent, or found empty) so far."""
    digest_sent = apps.get_model("contacts", "DigestSent")
    return {
        "queued": digest_sent.objects.count(),
        "sent": digest_sent.objects.filter(sent_at__isnull=False).count(),
    }


def community_plan(members: int = 600, seed: int = 42, per_member: int = 5) -> dict:
    """What the community mix (``benchmark.community``) needs, read from the data: ``members``
    members signed in up front (a third of them referrers), each with a few of their requests,
    received requests and contacts for the detail pages; every company, the ones with most
    referrers first (the Zipf law's ranks), with its names for searches; directory filters; and
    the targets of the writes — open requests the signed-in referrers can decide, contacts to log
    an interaction on, and (seeker, channel) pairs allowed a new request now.

    The busy members of the reload runs (members 1–8) take no part, and no write touches what
    they see, so the reload figures stay comparable from run to run. The writes stay in the
    database (a few dozen rows a run at ``small``)."""
    rng = random.Random(f"{seed}:community")
    personas = set(persona_ids())
    today = timezone.localdate()
    now = timezone.now()

    # A third referrers (channels that are open), the rest drawn from every member.
    referrer_ids = sorted(
        set(ReferrerChannel.objects.exclude(referrer_id__in=personas).values_list(
            "referrer_id", flat=True))
    )  # fmt: skip
    chosen = rng.sample(referrer_ids, min(members // 3, len(referrer_ids)))
    top = User.objects.aggregate(top=Max("pk"))["top"] or 0
    drawn = rng.sample(range(1, top + 1), min(top, 3 * members))
    taken = set(chosen) | personas
    active = set(
        User.objects.filter(pk__in=[pk for pk in drawn if pk not in taken], is_active=True)
        .values_list("pk", flat=True)
    )  # fmt: skip
    chosen += [pk for pk in drawn if pk in active][: members - len(chosen)]
    ids = sorted(chosen)
    index = {pk: i for i, pk in enumerate(ids)}
    sessions = create_sessions(ids)

    def grouped(rows) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for owner, pk in rows:
            items = out.setdefault(owner, [])
            if len(items) < per_member:
                items.append(pk)
        return out

    requests = grouped(
        ReferralRequest.objects.filter(seeker_id__in=ids).order_by("-pk")
        .values_list("seeker_id", "pk")
    )  # fmt: skip
    # Received requests to read: not the ones still "submitted" (opening those is a write).
    received = grouped(
        ReferralRequest.objects.filter(channel__referrer_id__in=ids).exclude(status="submitted")
        .order_by("-pk").values_list("channel__referrer_id", "pk")
    )  # fmt: skip
    contact_model = apps.get_model("contacts", "Contact")
    contacts = grouped(
        contact_model.objects.filter(owner_id__in=ids).order_by("-pk").values_list("owner_id", "pk")
    )
    decide = [
        (index[referrer], pk, status == "needs_info")
        for referrer, pk, status in ReferralRequest.objects.filter(
            channel__referrer_id__in=ids, status__in=OPEN_STATUSES
        )
        .exclude(seeker_id__in=personas)
        .order_by("pk")
        .values_list("channel__referrer_id", "pk", "status")
    ]
    interaction = [(index[o], pk) for o, pks in sorted(contacts.items()) for pk in pks]

    # New requests: an advice chat (no resume needed) to a signed-in referrer's channel with
    # room, by a member the limits allow (checked by the service's own rule, and counting the
    # requests planned here).
    channels = [
        c for c in ReferrerChannel.objects.filter(referrer_id__in=ids).select_related("referrer")
        if AskKind.ADVICE in c.accepted_kinds and channel_is_accepting(c, today)
        and c.open_count < c.capacity
    ]  # fmt: skip
    room = {c.pk: c.capacity - c.open_count for c in channels}
    open_at: dict[int, set[int]] = {}
    for seeker, company in ReferralRequest.objects.filter(
        seeker_id__in=ids, status__in=OPEN_STATUSES
    ).values_list("seeker_id", "company_id"):
        open_at.setdefault(seeker, set()).add(company)
    sent_today = dict(
        ReferralRequest.objects.filter(seeker_id__in=ids, created_at__gte=now - timedelta(hours=24))
        .values("seeker_id").annotate(n=Count("pk")).values_list("seeker_id", "n")
    )  # fmt: skip
    users = {u.pk: u for u in User.objects.filter(pk__in=ids)}
    ask = []
    seekers = ids[:]
    rng.shuffle(seekers)
    for seeker in seekers:
        if not channels or len(ask) >= members:  # more than a run makes
            break
        companies_open = open_at.setdefault(seeker, set())
        budget = min(
            settings.REFERRAL_MAX_PER_DAY - sent_today.get(seeker, 0),
            settings.REFERRAL_MAX_OPEN_PER_SEEKER - len(companies_open),
        )
        for channel in rng.sample(channels, min(len(channels), 6)):
            if budget <= 0:
                break
            if channel.referrer_id == seeker or channel.company_id in companies_open:
                continue
            if room[channel.pk] <= 0:
                continue
            if seeker_limit_problem(seeker=users[seeker], channel=channel, now=now):
                continue
            ask.append((index[seeker], channel.pk, index[channel.referrer_id]))
            room[channel.pk] -= 1
            companies_open.add(channel.company_id)
            budget -= 1

    aliases: dict[int, str] = {}
    for company_id, name in CompanyAlias.objects.order_by("pk").values_list("company_id", "name"):
        aliases.setdefault(company_id, name)
    companies = [
        [slug, name_en, name_zh, aliases.get(pk, "")]
        for pk, slug, name_en, name_zh in Company.objects.order_by("-referrer_count", "pk")
        .values_list("pk", "slug", "name_en", "name_zh")
    ]  # fmt: skip

    form = DirectoryFilterForm()
    filters = [urlencode({"city": city}) for city in ("Taipei", "Seattle", "台北", "Hsinchu")]
    filters += [urlencode({"company": name}) for name in ("Google", "TSMC")]
    filters += [urlencode({"language": "English"})]
    for name in ("intent", "offer", "role_type", "industry"):
        values = [v for v, _label in form.fields[name].choices if v][:3]
        filters += [urlencode({name: v}) for v in values]

    return {
        "marker": f"{seed}-{int(now.timestamp())}",
        "members": [
            {
                "id": pk,
                "session": session,
                "requests": requests.get(pk, []),
                "received": received.get(pk, []),
                "contacts": contacts.get(pk, []),
            }
            for pk, session in zip(ids, sessions, strict=True)
        ],
        "companies": companies,
        "directory_filters": filters,
        "writes": {"decide": decide, "interaction": interaction, "ask": ask},
        "counts": {
            "members": len(ids),
            "referrers": len(set(ids) & set(referrer_ids)),
            "decide": len(decide),
            "interaction": len(interaction),
            "ask": len(ask),
        },
    }
