"""Deterministic synthetic data at community scale: the sizes, the vocabulary, the generators.

Each generator streams rows as tuples in batches into a sink: ``CopySink`` writes them with
PostgreSQL ``COPY`` (psycopg 3, ``write_row``), ``OrmSink`` with ``bulk_create`` (SQLite). Primary
keys are assigned here, so foreign keys need no round trip. Every table has its own random stream
derived from the seed, so the same seed gives the same rows. ``benchmark.networking`` generates
the networking half with the same plan and sinks; ``benchmark.scale`` runs the generators in order
to load a size (``manage.py scale_data``).
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import connection, models
from django.utils import timezone

from accounts.models import User
from companies.models import Company, CompanyAlias, CompanyDomain
from companies.search import search_text
from referrals.models import ReferralRequest, ReferrerChannel, RequestEvent

BENCH_PASSWORD = "bench-password-42"
BENCH_EMAIL_DOMAIN = "bench.guanxi.test"
PERSONAS = 8  # members 1..8 are the busy members the benchmark signs in as
# The personas are moderators too (staff, not superusers), so the moderators' dashboard can be
# driven like the other pages: the load generator sends every page with every persona's cookie.


@dataclass(frozen=True)
class Size:
    members: int
    companies: int
    channels: int
    requests: int
    contacts: int

    def scaled(self, factor: float) -> Size:
        return Size(*(max(1, int(getattr(self, f) * factor)) for f in self.__dataclass_fields__))


SIZES = {
    "tiny": Size(members=200, companies=40, channels=60, requests=600, contacts=400),
    "small": Size(members=10_000, companies=800, channels=2_000, requests=50_000, contacts=20_000),
    "large": Size(
        members=1_000_000,
        companies=20_000,
        channels=100_000,
        requests=5_000_000,
        contacts=2_000_000,
    ),
}

# --- Vocabulary -------------------------------------------------------------------------------

SURNAMES = [
    ("陳", "Chen"), ("林", "Lin"), ("黃", "Huang"), ("張", "Chang"), ("李", "Lee"), ("王", "Wang"),
    ("吳", "Wu"), ("劉", "Liu"), ("蔡", "Tsai"), ("楊", "Yang"), ("許", "Hsu"), ("鄭", "Cheng"),
    ("謝", "Hsieh"), ("郭", "Kuo"), ("洪", "Hung"), ("曾", "Tseng"), ("邱", "Chiu"), ("廖", "Liao"),
    ("賴", "Lai"), ("周", "Chou"), ("徐", "Hsu"), ("蘇", "Su"), ("葉", "Yeh"), ("莊", "Chuang"),
]  # fmt: skip
GIVEN = [
    ("怡君", "Amy"), ("雅婷", "Tina"), ("志明", "Kevin"), ("家豪", "Jason"), ("淑芬", "Grace"),
    ("俊傑", "Eric"), ("美玲", "Vivian"), ("建宏", "Andy"), ("宜蓁", "Iris"), ("冠宇", "Ryan"),
    ("佩珊", "Cindy"), ("承翰", "Leo"), ("欣怡", "Joyce"), ("宗翰", "Ben"), ("詩涵", "Sharon"),
    ("柏宇", "Daniel"), ("思妤", "Emily"), ("彥廷", "Alan"), ("郁婷", "Wendy"), ("哲瑋", "Victor"),
]  # fmt: skip
CITIES = [
    "Taipei", "台北", "Hsinchu", "新竹", "Taichung", "Kaohsiung", "Seattle", "San Jose",
    "New York", "Tokyo", "Singapore", "London", "Vancouver", "Austin",
]  # fmt: skip
HEADLINES = [
    "Software engineer", "資深軟體工程師", "Product manager", "產品經理", "Data scientist",
    "Hardware engineer", "硬體工程師", "Designer", "Recruiter", "Process engineer at a fab",
    "Graduate student looking for internships", "轉職中，想找資料分析的工作",
]  # fmt: skip
LANGUAGES_SPOKEN = ["Mandarin, English", "Mandarin, English, Taiwanese", "English", "華語、台語"]
TIME_ZONES = ["Asia/Taipei", "Asia/Taipei", "Asia/Taipei", "America/Los_Angeles", "Asia/Tokyo"]

# name_en, name_zh, aliases, domain
REAL_COMPANIES = [
    ("Google", "谷歌", ["Alphabet", "Google Taiwan", "谷歌台灣"], "google.com"),
    ("TSMC", "台積電", ["Taiwan Semiconductor Manufacturing", "台灣積體電路製造"], "tsmc.com"),
    ("Amazon", "亞馬遜", ["AWS", "Amazon Web Services"], "amazon.com"),
    ("Apple", "蘋果", ["Apple Inc."], "apple.com"),
    ("Meta", "", ["Facebook", "臉書"], "meta.com"),
    ("Microsoft", "微軟", ["MSFT"], "microsoft.com"),
    ("MediaTek", "聯發科", ["聯發科技"], "mediatek.com"),
    ("Foxconn", "鴻海", ["Hon Hai", "鴻海精密"], "foxconn.com"),
    ("ASUS", "華碩", ["華碩電腦"], "asus.com"),
    ("Acer", "宏碁", [], "acer.com"),
    ("NVIDIA", "輝達", [], "nvidia.com"),
    ("Intel", "英特爾", [], "intel.com"),
    ("Micron", "美光", ["Micron Technology"], "micron.com"),
    ("United Microelectronics", "聯電", ["UMC"], "umc.com"),
    ("Delta Electronics", "台達電", ["台達"], "deltaww.com"),
    ("Quanta Computer", "廣達", ["廣達電腦"], "quantatw.com"),
    ("Shopee", "蝦皮", ["Sea Group"], "shopee.tw"),
    ("LINE", "", ["LINE Taiwan"], "linecorp.com"),
    ("Appier", "沛星", [], "appier.com"),
    ("KKday", "", [], "kkday.com"),
    ("Gogoro", "睿能創意", [], "gogoro.com"),
    ("Cathay Financial", "國泰金控", ["國泰"], "cathayholdings.com"),
    ("Deloitte Taiwan", "勤業眾信", ["Deloitte"], "deloitte.com.tw"),
    ("PwC Taiwan", "資誠", ["PwC"], "pwc.tw"),
    ("Trend Micro", "趨勢科技", [], "trendmicro.com"),
    ("Synology", "群暉", ["群暉科技"], "synology.com"),
    ("Realtek", "瑞昱", ["瑞昱半導體"], "realtek.com"),
    ("HTC", "宏達電", [], "htc.com"),
    ("Pegatron", "和碩", [], "pegatroncorp.com"),
    ("Chunghwa Telecom", "中華電信", ["CHT"], "cht.com.tw"),
]
EN_PARTS_A = [
    "Nova", "Jade", "Formosa", "Harbor", "Summit", "Pacific", "Lotus", "Crane", "Aurora", "Pine",
    "River", "Orchid", "Granite", "Maple", "Cobalt", "Silver", "Kite", "Ember", "Tidal", "Zenith",
    "Vertex", "Lumen", "Quartz", "Sable", "Willow", "Cedar", "Falcon", "Iris", "Onyx", "Solace",
]  # fmt: skip
EN_PARTS_B = [
    "Systems", "Labs", "Semiconductor", "Software", "Analytics", "Robotics", "Foods", "Logistics",
    "Health", "Capital", "Design", "Networks", "Energy", "Materials", "Media", "Consulting",
]  # fmt: skip
ZH_PARTS_A = list("新星玉寶港峰洋蓮鶴曙松河蘭岩楓鈷銀鳶燼潮頂點光晶黛柳杉隼鳶瑪索")
ZH_PARTS_B = [
    "系統", "實驗室", "半導體", "軟體", "數據", "機器人", "食品", "物流", "健康", "資本", "設計",
    "網路", "能源", "材料", "媒體", "顧問",
]  # fmt: skip
TITLES = [
    "Software engineer", "Senior software engineer", "Staff engineer", "Product manager",
    "Data scientist", "Hardware engineer", "Process engineer", "Recruiter", "Engineering manager",
    "Designer", "資深工程師", "產品經理",
]  # fmt: skip
TEAMS = ["Platform", "Ads", "Cloud", "Search", "Devices", "Payments", "Fab 12", "AI Research", ""]
JOB_FAMILIES = ["software", "data", "hardware", "product", "design", "operations", "sales"]
POSITIONS = [
    "Backend engineer", "Frontend engineer", "Data engineer", "Machine learning engineer",
    "Product manager", "Process integration engineer", "UX designer", "Site reliability engineer",
    "軟體工程師", "資料分析師", "數位 IC 設計工程師",
]  # fmt: skip
NOTES = [
    "Five years of backend work in Python and Go; I led the move of our billing system to "
    "Kubernetes and would love to bring that experience to your team.",
    "我在新竹做了三年製程整合，熟悉良率分析，想挑戰更大的團隊。謝謝您願意幫忙內推！",
    "Recent graduate (NTU EE) with two internships in data analysis; the role matches my thesis "
    "on anomaly detection.",
    "I am moving to Seattle next spring and would appreciate a referral for this opening; my "
    "resume shows the relevant projects.",
]
DECLINE_REASONS = ["level_mismatch", "no_opening", "job_id_missing", "resume_gap", "location"]
OUTCOMES = ["interviewing", "offer", "hired", "not_selected"]
ASK_KINDS = ["referral", "referral", "referral", "resume_review", "advice"]


def _zipf_cum_weights(n: int, s: float = 1.0) -> list[float]:
    total = 0.0
    out = []
    for rank in range(1, n + 1):
        total += 1.0 / rank**s
        out.append(total)
    return out


# --- Sinks: where rows go -----------------------------------------------------------------------


def _column_map(model) -> dict[str, models.Field]:
    return {f.attname: f for f in model._meta.concrete_fields}


def _default_value(f: models.Field):
    if f.has_default():
        value = f.get_default()
    elif f.null:
        return None
    elif isinstance(f, models.JSONField):
        value = {}
    elif isinstance(f, (models.CharField, models.TextField)):
        value = ""
    elif isinstance(f, models.BooleanField):
        value = False
    elif isinstance(f, (models.IntegerField, models.FloatField, models.DecimalField)):
        value = 0
    elif isinstance(f, models.DateTimeField):
        value = timezone.now()
    elif isinstance(f, models.DateField):
        value = timezone.localdate()
    else:
        raise ValueError(f"scale_data: no value for required field {f.model.__name__}.{f.name}")
    return value


class Sink:
    """Writes rows (tuples in ``attnames`` order) for a model; missing fields get defaults."""

    vendor = ""

    def __init__(self, out: Callable[[str], None]):
        self.out = out
        self.counts: dict[str, int] = {}
        self.seconds: dict[str, float] = {}

    def plan(self, model, attnames: list[str]):
        fields = _column_map(model)
        unknown = [a for a in attnames if a not in fields]
        if unknown:
            raise ValueError(f"{model.__name__} has no field(s) {unknown}")
        extra = [a for a, f in fields.items() if a not in attnames and not f.primary_key]
        extra_values = tuple(_default_value(fields[a]) for a in extra)
        return fields, extra, extra_values

    def write(self, model, attnames: list[str], rows: Iterable[tuple]) -> int:
        started = time.monotonic()
        n = self._write(model, attnames, rows)
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + n
        self.seconds[label] = self.seconds.get(label, 0.0) + time.monotonic() - started
        return n

    def _write(self, model, attnames, rows) -> int:  # pragma: no cover - abstract
        raise NotImplementedError


class CopySink(Sink):
    """PostgreSQL COPY through psycopg 3."""

    vendor = "postgresql"

    def _write(self, model, attnames, rows) -> int:
        fields, extra, extra_values = self.plan(model, attnames)
        all_names = list(attnames) + extra
        json_idx = [i for i, a in enumerate(all_names) if isinstance(fields[a], models.JSONField)]
        extra_values = tuple(
            json.dumps(v) if isinstance(fields[a], models.JSONField) else v
            for a, v in zip(extra, extra_values, strict=True)
        )
        columns = ", ".join(connection.ops.quote_name(fields[a].column) for a in all_names)
        table = connection.ops.quote_name(model._meta.db_table)
        n = 0
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                json_given = [i for i in json_idx if i < len(attnames)]
                write = copy.write_row
                for row in rows:
                    if json_given:
                        row = list(row)
                        for i in json_given:
                            row[i] = json.dumps(row[i], ensure_ascii=False)
                        row = tuple(row)
                    write(row + extra_values if extra_values else row)
                    n += 1
        return n


class OrmSink(Sink):
    """Fallback for SQLite (tiny and small sizes): bulk_create in batches."""

    vendor = "other"
    batch = 2000

    def _write(self, model, attnames, rows) -> int:
        fields, extra, extra_values = self.plan(model, attnames)
        n = 0
        objs = []
        for row in rows:
            objs.append(model(**dict(zip(attnames, row, strict=True))))
            if len(objs) >= self.batch:
                model.objects.bulk_create(objs)
                n += len(objs)
                objs = []
        if objs:
            model.objects.bulk_create(objs)
            n += len(objs)
        return n


# --- The generator ------------------------------------------------------------------------------


@dataclass
class Plan:
    size: Size
    seed: int
    now: datetime
    companies: int = 0
    channel_company: list[int] = field(default_factory=list)
    channel_referrer: list[int] = field(default_factory=list)
    stats: dict = field(default_factory=dict)

    def rng(self, name: str) -> random.Random:
        return random.Random(f"{self.seed}:{name}")


def member_email(i: int) -> str:
    return f"member{i}@{BENCH_EMAIL_DOMAIN}"


def _member_name(rng: random.Random, i: int) -> tuple[str, str]:
    zh_s, en_s = SURNAMES[rng.randrange(len(SURNAMES))]
    zh_g, en_g = GIVEN[rng.randrange(len(GIVEN))]
    style = i % 3
    if style == 0:
        return f"{zh_s}{zh_g}", "zh-hant"
    if style == 1:
        return f"{en_g} {en_s}", "en"
    return f"{zh_s}{zh_g} {en_g} {en_s}", ""


def gen_members(plan: Plan, sink: Sink) -> None:
    rng = plan.rng("members")
    password = make_password(BENCH_PASSWORD)
    n = plan.size.members

    def users() -> Iterator[tuple]:
        for i in range(1, n + 1):
            name, language = _member_name(rng, i)
            days = rng.random() * 3 * 365
            when = plan.now - timedelta(days=days, seconds=rng.randrange(86400))
            yield (
                i,
                password,
                f"member{i}@{BENCH_EMAIL_DOMAIN}",
                name,
                HEADLINES[rng.randrange(len(HEADLINES))] if i % 4 else "",
                CITIES[rng.randrange(len(CITIES))] if i % 5 else "",
                TIME_ZONES[(i * 7) % len(TIME_ZONES)],
                language,
                LANGUAGES_SPOKEN[i % len(LANGUAGES_SPOKEN)],
                True,
                i <= PERSONAS,
                False,
                when,
                when + timedelta(days=rng.random() * 30) if i % 3 else None,
            )

    sink.write(
        User,
        [
            "id",
            "password",
            "email",
            "display_name",
            "headline",
            "city",
            "time_zone",
            "language",
            "languages_spoken",
            "is_active",
            "is_staff",
            "is_superuser",
            "date_joined",
            "last_login",
        ],  # fmt: skip
        users(),
    )
    sink.write(
        EmailAddress,
        ["id", "user_id", "email", "verified", "primary"],
        ((i, i, member_email(i), True, True) for i in range(1, n + 1)),
    )


def gen_companies(plan: Plan, sink: Sink) -> None:
    rng = plan.rng("companies")
    n = plan.size.companies
    aliases: list[tuple] = []
    domains: list[tuple] = []
    alias_id = 0

    def companies() -> Iterator[tuple]:
        nonlocal alias_id
        for i in range(1, n + 1):
            if i <= len(REAL_COMPANIES):
                name_en, name_zh, alias_list, domain = REAL_COMPANIES[i - 1]
                slug = name_en.lower().replace(" ", "-").replace(".", "")
            else:
                a = EN_PARTS_A[rng.randrange(len(EN_PARTS_A))]
                b = EN_PARTS_B[rng.randrange(len(EN_PARTS_B))]
                name_en = f"{a} {b} {i}"
                za = ZH_PARTS_A[rng.randrange(len(ZH_PARTS_A))]
                zb = ZH_PARTS_A[rng.randrange(len(ZH_PARTS_A))]
                name_zh = f"{za}{zb}{ZH_PARTS_B[EN_PARTS_B.index(b)]}{i}" if i % 3 else ""
                alias_list = [f"{a}{b[:3]} {i}"] if i % 2 else []
                if name_zh and i % 4 == 1:
                    alias_list.append(f"{za}{zb}{i}")
                domain = f"{a.lower()}{b.lower()}{i}.example.com"
                slug = f"{a.lower()}-{b.lower()}-{i}"
            for alias in alias_list:
                alias_id += 1
                aliases.append((alias_id, i, alias))
            domains.append((i, i, domain))
            when = plan.now - timedelta(days=rng.random() * 1000)
            yield (
                i,
                name_en,
                name_zh,
                slug,
                f"https://{domain}",
                "",
                search_text([name_en, name_zh, *alias_list]),
                0,
                0,
                when,
            )

    sink.write(
        Company,
        [
            "id",
            "name_en",
            "name_zh",
            "slug",
            "website",
            "description",
            "search_text",
            "active_referrer_count",
            "referrer_count",
            "created_at",
        ],  # fmt: skip
        companies(),
    )
    sink.write(CompanyAlias, ["id", "company_id", "name"], aliases)
    sink.write(CompanyDomain, ["id", "company_id", "domain"], domains)
    plan.companies = n


def gen_channels(plan: Plan, sink: Sink) -> None:
    rng = plan.rng("channels")
    n = min(plan.size.channels, plan.size.members)
    cum = _zipf_cum_weights(plan.companies, 0.8)
    # Distinct referrers: personas first (each refers at a popular company), then a sample.
    others = rng.sample(range(PERSONAS + 1, plan.size.members + 1), n - min(n, PERSONAS))
    referrers = list(range(1, min(n, PERSONAS) + 1)) + others
    companies = [(k % 5) + 1 for k in range(min(n, PERSONAS))] + rng.choices(
        range(1, plan.companies + 1), cum_weights=cum, k=n - min(n, PERSONAS)
    )
    plan.channel_referrer = referrers
    plan.channel_company = companies
    today = plan.now.date()

    def rows() -> Iterator[tuple]:
        for i in range(1, n + 1):
            paused = i > PERSONAS and rng.random() < 0.12
            families = rng.sample(JOB_FAMILIES, 1 + rng.randrange(3))
            kinds = ["advice", "resume_review", "referral"] if i % 3 else ["referral"]
            verified = rng.random() < 0.3
            created = plan.now - timedelta(days=400 + rng.random() * 400)
            yield (
                i,
                referrers[i - 1],
                companies[i - 1],
                TITLES[rng.randrange(len(TITLES))],
                TEAMS[rng.randrange(len(TEAMS))],
                CITIES[rng.randrange(len(CITIES))],
                families,
                "Please include the job ID and a one-page resume." if i % 2 else "",
                kinds,
                200 if i <= PERSONAS else rng.choice((3, 5, 5, 8, 10)),
                not paused,
                (today + timedelta(days=rng.randrange(1, 60))) if paused and i % 2 else None,
                created,
                "example.com" if verified else "",
                created + timedelta(days=1) if verified else None,
            )

    sink.write(
        ReferrerChannel,
        [
            "id",
            "referrer_id",
            "company_id",
            "job_title",
            "team",
            "locations",
            "job_families",
            "instructions",
            "accepted_kinds",
            "capacity",
            "is_accepting",
            "paused_until",
            "created_at",
            "verified_domain",
            "verified_at",
        ],  # fmt: skip
        rows(),
    )


REQUEST_COLUMNS = [
    "id", "seeker_id", "channel_id", "company_id", "kind", "position_title", "job_url", "job_id",
    "location", "note", "status", "created_at", "updated_at", "expires_at", "nudge_at",
    "nudged_at", "first_response_at", "closed_at", "decline_reason", "outcome", "thanked_at",
    "referrer_contact",
]  # fmt: skip
EVENT_COLUMNS = ["id", "request_id", "kind", "actor_id", "message", "detail", "created_at"]

OPEN = ("submitted", "viewed", "needs_info")


def gen_requests(plan: Plan, sink: Sink, batch: int = 50_000) -> None:
    """Requests in every state, their events, with realistic timestamps; streamed in batches."""
    rng = plan.rng("requests")
    n = plan.size.requests
    members = plan.size.members
    n_channels = len(plan.channel_company)
    channel_cum = _zipf_cum_weights(n_channels, 0.7)
    seeker_cum = _zipf_cum_weights(members, 0.5)
    expire_days = 7
    open_pairs: set[tuple[int, int]] = set()
    open_per_seeker: dict[int, int] = {}
    open_per_channel: dict[int, int] = {}
    # Persona load, the same at every size: 60 requests sent each, 400 received each.
    persona_sent = 60 if members > 100 else 5
    persona_received = 400 if n >= 10 * 400 * PERSONAS else max(1, n // (20 * PERSONAS))
    event_id = 0
    due = 0

    def one(i: int, seeker: int, channel: int) -> tuple[tuple, list[tuple]]:
        nonlocal event_id, due
        company = plan.channel_company[channel - 1]
        referrer = plan.channel_referrer[channel - 1]
        r = rng.random()
        if r < 0.012:
            age = rng.random() * expire_days  # recent: mostly still open
        elif r < 0.0125:
            age = expire_days + rng.random() * 0.5  # past its deadline, the sweep has not run
        else:
            age = expire_days + rng.random() * 720
        created = plan.now - timedelta(days=age)
        response_h = min(rng.lognormvariate(3.2, 1.0), 24 * 6.5)
        first_response = created + timedelta(hours=response_h)
        events = [("submitted", seeker, "", created)]
        fields = {
            "expires_at": created + timedelta(days=expire_days),
            "nudge_at": created + timedelta(days=3),
            "nudged_at": None,
            "first_response_at": None,
            "closed_at": None,
            "decline_reason": "",
            "outcome": "",
            "thanked_at": None,
        }
        can_open = (
            (seeker, company) not in open_pairs
            and open_per_seeker.get(seeker, 0) < 5
            and open_per_channel.get(channel, 0) < (200 if channel <= PERSONAS else 10)
        )
        if age < expire_days or age < expire_days + 0.5:
            answered = first_response < plan.now
            roll = rng.random()
            if age >= expire_days and can_open:
                status = "submitted" if roll < 0.6 else "viewed"
                due += 1
            elif not can_open or roll < 0.15:
                status = "withdrawn" if not answered or roll < 0.05 else "declined"
            elif not answered or roll < 0.45:
                status = "submitted" if roll < 0.3 else "viewed"
            elif roll < 0.6:
                status = "needs_info"
            elif roll < 0.8:
                status = "referred"
            else:
                status = "declined"
        else:
            roll = rng.random()
            status = (
                "referred" if roll < 0.32 else
                "declined" if roll < 0.58 else
                "expired" if roll < 0.85 else
                "withdrawn"
            )  # fmt: skip
        updated = created
        if status in ("viewed", "needs_info", "referred", "declined"):
            viewed = created + timedelta(hours=response_h * 0.5)
            events.append(("viewed", referrer, "", viewed))
            updated = viewed
        if status in ("needs_info", "referred", "declined"):
            fields["first_response_at"] = first_response
            updated = first_response
        if status == "needs_info":
            events.append(("needs_info", referrer, "", first_response))
        elif status == "referred":
            fields["closed_at"] = first_response
            events.append(("referred", referrer, "", first_response))
            if age > 21 and rng.random() < 0.5:
                outcome = OUTCOMES[rng.randrange(4)]
                fields["outcome"] = outcome
                when = first_response + timedelta(days=14)
                events.append(("outcome", seeker, outcome, when))
                updated = when
            if rng.random() < 0.4:
                when = first_response + timedelta(days=1)
                fields["thanked_at"] = when
                events.append(("thanked", seeker, "", when))
                updated = max(updated, when)
        elif status == "declined":
            reason = DECLINE_REASONS[rng.randrange(len(DECLINE_REASONS))]
            fields["decline_reason"] = reason
            fields["closed_at"] = first_response
            events.append(("declined", referrer, reason, first_response))
        elif status == "expired":
            when = created + timedelta(days=expire_days, minutes=rng.randrange(60))
            fields["closed_at"] = when
            fields["nudged_at"] = created + timedelta(days=3)
            events.append(("nudged", None, "", created + timedelta(days=3)))
            events.append(("expired", None, "", when))
            updated = when
        elif status == "withdrawn":
            when = created + timedelta(hours=rng.random() * min(age * 24, 72))
            fields["closed_at"] = when
            events.append(("withdrawn", seeker, "", when))
            updated = when
        if status in ("submitted", "viewed") and age > 3:
            fields["nudged_at"] = created + timedelta(days=3)
            events.append(("nudged", None, "", created + timedelta(days=3)))
        if status in OPEN:
            open_pairs.add((seeker, company))
            open_per_seeker[seeker] = open_per_seeker.get(seeker, 0) + 1
            open_per_channel[channel] = open_per_channel.get(channel, 0) + 1
        request = (
            i,
            seeker,
            channel,
            company,
            ASK_KINDS[i % len(ASK_KINDS)],
            POSITIONS[rng.randrange(len(POSITIONS))],
            f"https://jobs.example.com/{company}/{i}" if i % 3 else "",
            f"R-{i % 100000}" if i % 2 else "",
            CITIES[i % len(CITIES)],
            NOTES[i % len(NOTES)],
            status,
            created,
            updated,
            fields["expires_at"],
            fields["nudge_at"],
            fields["nudged_at"],
            fields["first_response_at"],
            fields["closed_at"],
            fields["decline_reason"],
            fields["outcome"],
            fields["thanked_at"],
            "",
        )
        rows = []
        for kind, actor, detail, when in events:
            event_id += 1
            rows.append((event_id, i, kind, actor, "", detail, when))
        return request, rows

    def pairs() -> Iterator[tuple[int, int]]:
        # Persona traffic first (fixed), then the skewed crowd.
        k = 0
        for p in range(1, PERSONAS + 1):
            for j in range(persona_sent):
                channel = PERSONAS + 1 + (p * 7919 + j * 104729) % max(1, n_channels - PERSONAS)
                if channel > n_channels:
                    channel = n_channels
                if k < n:
                    k += 1
                    yield p, channel
            for _ in range(persona_received):
                seeker = rng.randrange(PERSONAS + 1, members + 1)
                if k < n:
                    k += 1
                    yield seeker, p
        while k < n:
            take = min(10_000, n - k)
            seekers = rng.choices(range(1, members + 1), cum_weights=seeker_cum, k=take)
            channels = rng.choices(range(1, n_channels + 1), cum_weights=channel_cum, k=take)
            for seeker, channel in zip(seekers, channels, strict=True):
                if channel <= PERSONAS:
                    channel = PERSONAS + 1 + (channel * 31 + k) % max(1, n_channels - PERSONAS)
                    channel = min(channel, n_channels)
                if plan.channel_referrer[channel - 1] == seeker:
                    seeker = seeker % members + 1
                k += 1
                yield seeker, channel

    source = pairs()
    i = 0
    while i < n:
        reqs, evs = [], []
        for seeker, channel in source:
            i += 1
            req, rows = one(i, seeker, channel)
            reqs.append(req)
            evs.extend(rows)
            if len(reqs) >= batch:
                break
        if not reqs:
            break
        sink.write(ReferralRequest, REQUEST_COLUMNS, reqs)
        sink.write(RequestEvent, EVENT_COLUMNS, evs)
    plan.stats["requests_past_deadline"] = due
    plan.stats["open_requests"] = sum(open_per_seeker.values())


# --- Models that may be missing (the networking half fills only the tables that exist) ------------


def optional_model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None
