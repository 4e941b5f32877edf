"""Fill an empty database with a living demo community, through the real services.

Every request is played forward in time: ``time_machine`` moves the clock to the moment of each
step (sent, opened, asked for info, answered, referred, declined, withdrawn, outcome, thanks)
and a daily sweep expires what nobody answered, so timelines, notifications and the referrer
metrics (median response time, response rate, last referral) come out as they would in real
life. A fixed random seed makes every load the same.
"""

import io
import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import time_machine
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import DateTimeField, ExpressionWrapper, F, Q
from django.utils import timezone
from django.utils.text import slugify
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from coffee.models import CoffeeChat
from companies.models import Company
from companies.services import CompanyError, company_create, company_find_duplicates
from demo import data
from demo.networking import build_network
from events.models import Event
from notifications.models import Notification
from referrals.models import AskKind, DeclineReason, Outcome, ReferrerChannel
from referrals.services import (
    ReferralError,
    channel_save,
    referral_answer_info,
    referral_ask_for_info,
    referral_decline,
    referral_mark_viewed,
    referral_refer,
    referral_report_outcome,
    referral_request_create,
    referral_thank,
    referral_withdraw,
    referrals_expire_due,
    referrals_nudge_due,
)
from resumes.models import Resume
from resumes.services import resume_create, resume_log_access

SEED = 20250601
EMPLOYERS = ["Acme Taiwan", "Formosa Tech", "Pacific Pay", "Island Semiconductor"]
DAYS = 60


def demo_is_loaded() -> bool:
    return User.objects.filter(email=data.ADMIN_EMAIL).exists()


def demo_clear() -> None:
    """Remove everything the demo made: its companies (with their channels and requests), its
    events, its members (with their networking side) and their resume files. Members,
    companies and events added by hand are left alone."""
    demo_users = User.objects.filter(email__endswith=f"@{data.DOMAIN}")
    Company.objects.filter(created_by__in=demo_users).delete()
    # Events and coffee chats outlive their members (SET_NULL, for the other side's record): the
    # demo's go with it. Everything else networking (profiles, wishes, connections, contacts,
    # RSVPs) belongs to a member and goes with them.
    Event.objects.filter(created_by__in=demo_users).delete()
    CoffeeChat.objects.filter(Q(proposer__in=demo_users) | Q(invitee__in=demo_users)).delete()
    for resume in Resume.objects.filter(owner__in=demo_users):
        resume.file.storage.delete(resume.file.name)
    demo_users.delete()


# --- A small, valid PDF with text, written by hand ------------------------------------------


def _pdf_escape(text: str) -> str:
    text = text.encode("latin-1", "replace").decode("latin-1")
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def resume_pdf(lines: list[tuple[str, str]]) -> bytes:
    """A one-page US-letter PDF; ``lines`` are (style, text), style one of h1, h2, p."""
    sizes = {"h1": ("F2", 18, 26), "h2": ("F2", 12, 22), "p": ("F1", 10, 14)}
    ops, y = [], 740
    for style, text in lines:
        font, size, lead = sizes[style]
        y -= lead
        ops.append(f"BT /{font} {size} Tf 60 {y} Td ({_pdf_escape(text)}) Tj ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _achievements(family) -> list[tuple[str, str]]:
    """Wafer yield only for hardware people; the rest for everyone else."""
    wafer = [a for a in data.ACHIEVEMENTS if "wafer" in a[0]]
    return wafer if family == data.F.HARDWARE else [a for a in data.ACHIEVEMENTS if a not in wafer]


def demo_email(given: str, surname: str, *, tag: str) -> str:
    """A demo member's address: "given.surname" and ``tag`` (which keeps it unique) at the demo
    domain, in lower-case ASCII letters, digits and underscores.

    A name slugify cannot spell (Chinese characters) comes out empty and is left out, and
    "member" stands in when nothing is left: the local part never starts or ends with a dot nor
    has two in a row, so the member can sign in and get a password reset e-mail.
    """
    words = [slugify(name).replace("-", "") for name in (given, surname)]
    local = ".".join(word for word in words if word) or "member"
    return f"{local}{tag}@{data.DOMAIN}"


# --- The simulation -------------------------------------------------------------------------


@dataclass
class Person:
    user: User
    lang: str
    given: str
    surname: str
    families: list[str] = field(default_factory=list)
    resumes: list[Resume] = field(default_factory=list)
    # As a referrer: typical hours to answer, chance of never answering, chance of referring.
    speed: float = 24.0
    ghost: float = 0.1
    refer_rate: float = 0.6

    @property
    def slug(self) -> str:
        return slugify(f"{self.given}-{self.surname}") or "member"


@dataclass
class Plan:
    seeker: Person
    referrer: Person
    channel: ReferrerChannel
    at: datetime
    kind: str
    position: str
    job_id: str
    job_url: str
    location: str
    family: str = ""
    steps: list = field(default_factory=list)  # (datetime, action, kwargs)
    strict: bool = False
    request: object = None
    failed: bool = False


class DemoLoader:
    def __init__(self, *, now: datetime | None = None, stdout=None):
        self.rng = random.Random(SEED)
        self.now = (now or timezone.now()).replace(second=0, microsecond=0)
        self.start = self.now - timedelta(days=DAYS)
        self.stdout = stdout
        self.people: dict[str, Person] = {}
        self.companies: dict[str, Company] = {}
        self.company_rows = {row[0]: row for row in data.COMPANIES}
        self.channels: list[tuple[Person, ReferrerChannel]] = []
        self.referrers: list[Person] = []
        self.seekers: list[Person] = []
        self.plans: list[Plan] = []
        self.reserved_channels: set[int] = set()
        self.reserved_seekers: set[int] = set()
        self.skipped = 0
        self.password = make_password(data.PASSWORD)

    def log(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message)

    def ago(self, days: float = 0, hours: float = 0) -> datetime:
        return self.now - timedelta(days=days, hours=hours)

    # -- members --

    def _names(self):
        pairs = [(g, s) for g in data.GIVEN_NAMES for s in data.SURNAMES]
        self.rng.shuffle(pairs)
        taken = {("Kevin", "Lin"), ("Emily", "Chen")}
        for (given_en, given_zh), (surname_en, surname_zh) in pairs:
            if (given_en, surname_en) in taken:
                continue
            taken.add((given_en, surname_en))
            yield f"{given_en} {surname_en} {surname_zh}{given_zh}", given_en, surname_en

    def _member(self, *, email, name, given, surname, lang, city, headline, joined, **extra):
        spoken = {
            "en": ["English, Mandarin", "English, Mandarin, Taiwanese", "English"],
            "zh-hant": ["中文、英文", "中文、台語、英文", "中文、英文、日文"],
        }[lang]
        slug = slugify(f"{given}-{surname}") or "member"
        user = User(
            email=email,
            password=self.password,
            display_name=name,
            headline=headline,
            city=city,
            time_zone=data.CITY_ZONES.get(city, "Asia/Taipei"),
            language=lang,
            languages_spoken=self.rng.choice(spoken),
            linkedin_url=(
                f"https://www.linkedin.com/in/{slug}-{self.rng.randint(10, 99)}"
                if self.rng.random() < 0.6
                else ""
            ),
            date_joined=joined,
            **extra,
        )
        return user

    def create_members(self) -> None:
        names = self._names()
        rng = self.rng
        users, people = [], []

        def add(person_fields, **user_fields):
            user = self._member(**user_fields)
            users.append(user)
            people.append((user, person_fields))

        # The fixed logins first.
        add(
            {
                "lang": "zh-hant",
                "given": "Kevin",
                "surname": "Lin",
                "speed": 6,
                "ghost": 0.0,
                "refer_rate": 0.7,
            },
            email=data.REFERRER_EMAIL,
            name="Kevin Lin 林凱文",
            given="Kevin",
            surname="Lin",
            lang="zh-hant",
            city="Taipei",
            headline="Google 主任軟體工程師・台積電 IT 資深工程師；很樂意幫學弟妹內推",
            joined=self.ago(90),
        )
        add(
            {
                "lang": "en",
                "given": "Emily",
                "surname": "Chen",
                "families": [data.F.SOFTWARE, data.F.DATA],
            },
            email=data.SEEKER_EMAIL,
            name="Emily Chen 陳怡君",
            given="Emily",
            surname="Chen",
            lang="en",
            city="Seattle",
            headline="Backend engineer, 5 years in fintech, moving to Seattle",
            joined=self.ago(45),
        )
        add(
            {
                "lang": "en",
                "given": "Alex",
                "surname": "Wu",
                "speed": 30,
                "ghost": 0.05,
                "families": [data.F.SOFTWARE, data.F.PRODUCT],
            },
            email=data.BOTH_EMAIL,
            name="Alex Wu 吳家豪",
            given="Alex",
            surname="Wu",
            lang="en",
            city="Vancouver",
            headline="Software engineer at Microsoft; exploring a move back to Taipei",
            joined=self.ago(80),
        )
        add(
            {"lang": "zh-hant", "given": "Guanxi", "surname": "Moderator"},
            email=data.ADMIN_EMAIL,
            name="Guanxi 管理員",
            given="Guanxi",
            surname="Moderator",
            lang="zh-hant",
            city="Taipei",
            headline="社群志工・Community moderator",
            joined=self.ago(120),
            is_staff=True,
            is_superuser=True,
        )

        # Referrers: one per channel slot (the fixed logins take three slots).
        slots = []
        for key, *_rest in data.COMPANIES:
            count = self.company_rows[key][5]
            taken = {"google": 1, "tsmc": 1, "microsoft": 1}.get(key, 0)
            slots += [key] * (count - taken)
        other = list(data.OTHER_NAMES)
        for index, key in enumerate(slots):
            row = self.company_rows[key]
            if other and index % 6 == 5:
                name, given, surname = other.pop()
            else:
                name, given, surname = next(names)
            city = rng.choice(row[7])
            abroad = data.CITY_ZONES.get(city, "") != "Asia/Taipei"
            lang = "en" if (abroad and rng.random() < 0.7) or rng.random() < 0.25 else "zh-hant"
            if re.search(r"[\u4e00-\u9fff]", name) and " " not in name:
                lang = "zh-hant"
            add(
                {
                    "lang": lang,
                    "given": given,
                    "surname": surname,
                    "company": key,
                    "city": city,
                    "speed": rng.choice([3, 8, 14, 24, 40, 70]),
                    "ghost": rng.choice([0.0, 0.05, 0.1, 0.15, 0.3, 0.45]),
                    "refer_rate": rng.uniform(0.4, 0.8),
                },
                email=demo_email(given, surname, tag=str(index)),
                name=name,
                given=given,
                surname=surname,
                lang=lang,
                city=city,
                headline="",
                joined=self.ago(rng.uniform(70, 100)),
            )

        # Seekers.
        family_pool = (
            [data.F.SOFTWARE] * 5
            + [data.F.DATA] * 3
            + [data.F.HARDWARE] * 4
            + [
                data.F.PRODUCT,
                data.F.PRODUCT,
                data.F.DESIGN,
                data.F.OPERATIONS,
                data.F.FINANCE,
                data.F.FINANCE,
                data.F.SALES,
                data.F.MARKETING,
            ]
        )
        for index in range(40):
            if other and index % 8 == 3:
                name, given, surname = other.pop()
            else:
                name, given, surname = next(names)
            city = rng.choice(data.SEEKER_CITIES)
            lang = (
                rng.choice(["zh-hant", "zh-hant", "en"])
                if city in ("Taipei", "Hsinchu", "Taichung")
                else "en"
            )
            families = rng.sample(family_pool, 2)
            add(
                {
                    "lang": lang,
                    "given": given,
                    "surname": surname,
                    "seeker": True,
                    "families": list(dict.fromkeys(families)),
                },
                email=demo_email(given, surname, tag=f".s{index}"),
                name=name,
                given=given,
                surname=surname,
                lang=lang,
                city=city,
                headline=rng.choice(data.SEEKER_HEADLINES[lang]),
                joined=self.ago(rng.uniform(50, 75)),
            )

        User.objects.bulk_create(users)
        created = {u.email: u for u in User.objects.filter(email__in=[u.email for u in users])}
        EmailAddress.objects.bulk_create(
            [
                EmailAddress(user=u, email=u.email, verified=True, primary=True)
                for u in created.values()
            ]
        )
        for user, fields in people:
            user = created[user.email]
            extra = {
                k: fields[k] for k in ("speed", "ghost", "refer_rate", "families") if k in fields
            }
            person = Person(
                user=user,
                lang=fields["lang"],
                given=fields["given"],
                surname=fields["surname"],
                **extra,
            )
            person.company_key = fields.get("company")
            self.people[user.email] = person
            if person.company_key:
                self.referrers.append(person)
            elif fields.get("seeker"):
                self.seekers.append(person)
        self.kevin = self.people[data.REFERRER_EMAIL]
        self.emily = self.people[data.SEEKER_EMAIL]
        self.alex = self.people[data.BOTH_EMAIL]
        self.admin = self.people[data.ADMIN_EMAIL].user

    # -- companies and channels --

    def create_companies(self) -> None:
        with time_machine.travel(self.ago(110), tick=False):
            for key, name_en, name_zh, website, aliases, *_ in data.COMPANIES:
                try:
                    company = company_create(
                        name_en=name_en,
                        name_zh=name_zh,
                        website=website,
                        aliases=aliases,
                        created_by=self.admin,
                    )
                except CompanyError:
                    # Someone added it by hand already: use theirs.
                    company = company_find_duplicates(
                        names=[name_en, name_zh, *aliases], website=website
                    )[0]
                self.companies[key] = company

    def _channel(
        self,
        person: Person,
        key: str,
        *,
        title=None,
        team=None,
        locations=None,
        capacity=None,
        kinds=None,
        families=None,
    ) -> ReferrerChannel:
        rng = self.rng
        row = self.company_rows[key]
        company_families, company_locations, teams, zh_titles = row[6], row[7], row[8], row[9]
        families = families or rng.sample(
            company_families, min(len(company_families), rng.choice([1, 1, 2]))
        )
        if title is None:
            en, zh = rng.choice(data.TITLES[families[0]])
            title = zh if (zh_titles and person.lang == "zh-hant") else en
        if locations is None:
            city = person.user.city
            others = [c for c in company_locations if c != city]
            locations = [city, *rng.sample(others, min(len(others), rng.choice([0, 1, 2])))]
            locations = ", ".join(dict.fromkeys(locations))
        if kinds is None:
            kinds = [AskKind.REFERRAL.value] if rng.random() < 0.95 else []
            if rng.random() < 0.45:
                kinds.append(AskKind.RESUME_REVIEW.value)
            if rng.random() < 0.5 or not kinds:
                kinds.insert(0, AskKind.ADVICE.value)
        instructions = rng.choice(data.INSTRUCTIONS[person.lang]).format(locations=locations)
        channel = ReferrerChannel(
            referrer=person.user,
            company=self.companies[key],
            job_title=title,
            team=team if team is not None else rng.choice(teams + [""]),
            locations=locations,
            job_families=[str(f) for f in families],
            instructions=instructions if rng.random() < 0.85 else "",
            accepted_kinds=kinds,
            capacity=capacity or rng.choice([3, 4, 5, 5, 6, 8, 10]),
        )
        with time_machine.travel(person.user.date_joined + timedelta(hours=2), tick=False):
            channel = channel_save(channel=channel)
        person.families = list(dict.fromkeys(person.families + families))
        self.channels.append((person, channel))
        if not person.user.headline:
            company = self.companies[key]
            if person.lang == "zh-hant":
                headline = f"{company.name_zh or company.name_en} {title}"
            else:
                headline = f"{title} at {company.name_en}"
            if channel.team:
                headline += f" · {channel.team}"
            person.user.headline = headline[:140]
            person.user.save(update_fields=["headline"])
        return channel

    def create_channels(self) -> None:
        F = data.F
        all_kinds = [k.value for k in AskKind]
        self.kevin_google = self._channel(
            self.kevin,
            "google",
            title="Staff Software Engineer",
            team="Cloud",
            locations="Taipei, Singapore, Remote",
            capacity=6,
            kinds=all_kinds,
            families=[F.SOFTWARE, F.DATA],
        )
        self.kevin_tsmc = self._channel(
            self.kevin,
            "tsmc",
            title="資深工程師",
            team="IT 基礎架構",
            locations="Hsinchu, Tainan",
            capacity=4,
            kinds=[AskKind.ADVICE.value, AskKind.REFERRAL.value],
            families=[F.SOFTWARE, F.HARDWARE],
        )
        self.alex_microsoft = self._channel(
            self.alex,
            "microsoft",
            title="Software Engineer II",
            team="Azure",
            locations="Vancouver, Redmond",
            capacity=5,
            kinds=all_kinds,
            families=[F.SOFTWARE],
        )
        for person in self.referrers:
            self._channel(person, person.company_key)
        by_company: dict[str, list] = {}
        for person, channel in self.channels:
            by_company.setdefault(channel.company_id, []).append((person, channel))
        self.by_company = by_company

    def first_channel(self, key: str, skip=()) -> tuple[Person, ReferrerChannel]:
        for person, channel in self.by_company[self.companies[key].pk]:
            if person.user.email not in (data.REFERRER_EMAIL, data.BOTH_EMAIL) and (
                channel.pk not in skip
            ):
                return person, channel
        raise LookupError(key)

    # -- resumes --

    def create_resumes(self) -> None:
        rng = self.rng
        for person in [self.emily, self.alex, *self.seekers]:
            count = 2 if rng.random() < 0.3 else 1
            for n in range(count):
                family = person.families[n % len(person.families)]
                position = rng.choice(data.POSITIONS[family])
                things, skills = data.FAMILY_WORDS[family]
                name = f"{person.given} {person.surname}"
                ach_a, ach_b = rng.sample(data.ACHIEVEMENTS, 2)
                if family == data.F.HARDWARE:
                    ach_b = data.ACHIEVEMENTS[2]
                elif data.ACHIEVEMENTS[2] in (ach_a, ach_b):
                    ach_a, ach_b = data.ACHIEVEMENTS[0], data.ACHIEVEMENTS[3]
                lines = [
                    ("h1", name),
                    (
                        "p",
                        f"{person.slug}@example.com  |  {person.user.city}  |  "
                        f"linkedin.com/in/{person.slug}",
                    ),
                    ("h2", "Summary"),
                    (
                        "p",
                        f"{position} with {rng.randint(2, 9)} years of experience in "
                        f"{rng.choice(things)}.",
                    ),
                    ("h2", "Experience"),
                    (
                        "p",
                        f"{position}, {rng.choice(EMPLOYERS)}  2021 - now",
                    ),
                    ("p", f"- {ach_a[0].capitalize()}."),
                    ("p", f"- {ach_b[0].capitalize()}."),
                    (
                        "p",
                        f"- Worked daily with teams in Taipei and the US; {rng.choice(skills)}.",
                    ),
                    ("h2", "Education"),
                    (
                        "p",
                        rng.choice(
                            [
                                "M.S. Computer Science, National Taiwan University",
                                "B.S. Electrical Engineering, National Tsing Hua University",
                                "M.S. Statistics, University of Washington",
                                "B.B.A. Accounting, National Chengchi University",
                            ]
                        ),
                    ),
                    ("h2", "Skills"),
                    ("p", ", ".join(rng.sample(skills, min(3, len(skills))))),
                ]
                suffix = "" if n == 0 else f"_{family.value.title()}"
                upload = SimpleUploadedFile(
                    f"{person.given}_{person.surname}_Resume{suffix}.pdf".replace(" ", "_"),
                    resume_pdf(lines),
                    content_type="application/pdf",
                )
                with time_machine.travel(
                    person.user.date_joined + timedelta(hours=1 + n), tick=False
                ):
                    resume = resume_create(
                        owner=person.user,
                        upload=upload,
                        title=f"Resume – {position}" if count > 1 else "Resume",
                    )
                person.resumes.append(resume)

    # -- requests --

    def _plan(
        self,
        seeker: Person,
        referrer: Person,
        channel: ReferrerChannel,
        at: datetime,
        kind: str | None = None,
        strict: bool = False,
    ) -> Plan:
        rng = self.rng
        row = next(r for r in data.COMPANIES if self.companies[r[0]].pk == channel.company_id)
        if kind is None:
            kinds = channel.accepted_kinds
            kind = (
                AskKind.REFERRAL.value
                if AskKind.REFERRAL.value in kinds and (rng.random() < 0.85)
                else rng.choice(kinds)
            )
        family = next(
            (f for f in seeker.families if f in channel.job_families),
            channel.job_families[0] if channel.job_families else data.F.SOFTWARE,
        )
        family = data.F(family)
        position = rng.choice(data.POSITIONS.get(family, data.POSITIONS[data.F.SOFTWARE]))
        job_id = rng.choice(["R", "JR", "REQ-", ""]) + str(rng.randint(100000, 999999))
        domain = row[3].split("//")[1]
        job_url = f"https://careers.{domain}/jobs/{job_id or rng.randint(1000, 9999)}"
        if rng.random() < 0.2:
            job_id = ""
        elif rng.random() < 0.15:
            job_url = ""
        locations = [loc.strip() for loc in channel.locations.split(",") if loc.strip()]
        return Plan(
            seeker=seeker,
            referrer=referrer,
            channel=channel,
            at=at,
            kind=kind,
            position=position,
            job_id=job_id,
            job_url=job_url,
            location=rng.choice(locations) if locations else "",
            strict=strict,
            family=family.value,
        )

    def add(self, plan: Plan, *steps) -> Plan:
        """Steps as (days ago, action, kwargs)."""
        plan.steps = [(self.ago(days), action, kwargs) for days, action, kwargs in steps]
        self.plans.append(plan)
        return plan

    def _story(self, plan: Plan) -> None:
        """Decide at random what happens to a request, with the referrer's habits."""
        rng, r = self.rng, plan.referrer
        t, steps = plan.at, []

        def later(hours):
            return t + timedelta(hours=hours)

        def delay():
            return min(rng.lognormvariate(0, 0.7) * r.speed, 6 * 24)

        if rng.random() < 0.06:  # the seeker changes their mind
            steps.append((later(rng.uniform(10, 90)), "withdraw", {}))
        elif rng.random() < r.ghost:  # nobody answers: the sweep expires it
            if rng.random() < 0.4:
                steps.append((later(rng.uniform(2, 40)), "view", {}))
            if rng.random() < 0.2:
                steps.append((later(rng.uniform(100, 160)), "withdraw", {}))
        else:
            d = delay()
            if rng.random() < 0.7:
                steps.append((later(d * rng.uniform(0.2, 0.8)), "view", {}))
            roll = rng.random()
            decide_at = d
            if roll < 0.2 or plan.kind == AskKind.ADVICE and roll < 0.6:
                steps.append((later(d), "ask", {}))
                if rng.random() < 0.85:
                    answered = d + rng.uniform(2, 40)
                    steps.append((later(answered), "answer", {}))
                    decide_at = answered + min(delay(), 5 * 24)
                    roll = rng.random() * 0.95
                else:
                    decide_at = None
            if decide_at is not None:
                if roll < r.refer_rate or plan.kind != AskKind.REFERRAL and roll < 0.9:
                    steps.append((later(decide_at), "refer", {}))
                    if rng.random() < 0.65:
                        steps.append((later(decide_at + rng.uniform(2, 48)), "thank", {}))
                    if plan.kind == AskKind.REFERRAL and rng.random() < 0.7:
                        first = decide_at + rng.uniform(5, 20) * 24
                        steps.append((later(first), "outcome", {"outcome": "interviewing"}))
                        final = rng.choices(
                            [Outcome.OFFER, Outcome.HIRED, Outcome.NOT_SELECTED, None],
                            [25, 15, 45, 15],
                        )[0]
                        if final:
                            steps.append(
                                (
                                    later(first + rng.uniform(8, 25) * 24),
                                    "outcome",
                                    {"outcome": final.value},
                                )
                            )
                else:
                    steps.append((later(decide_at), "decline", {}))
                    if rng.random() < 0.25:
                        steps.append((later(decide_at + rng.uniform(12, 48)), "thank", {}))
        plan.steps = steps
        self.plans.append(plan)

    def plan_fixed(self) -> None:
        """The stories the demo logins open on: every state, waiting where it should."""
        F = data.F
        emily, kevin, alex = self.emily, self.kevin, self.alex
        s1, s2, s3, s4, s5 = self.seekers[:5]
        for person in (s1, s2, s3, s4, s5):
            person.families = list(dict.fromkeys([F.SOFTWARE, *person.families]))
        amazon_p, amazon_c = self.first_channel("amazon")
        nvidia_p, nvidia_c = self.first_channel("nvidia")
        meta_p, meta_c = self.first_channel("meta")
        apple_p, apple_c = self.first_channel("apple")
        stripe_p, stripe_c = self.first_channel("stripe")
        google_p, google_c = self.first_channel("google", skip={self.kevin_google.pk})
        shopee_p, shopee_c = self.first_channel("shopee")
        for c in (amazon_c, nvidia_c, meta_c, apple_c, stripe_c):
            c.accepted_kinds = list(dict.fromkeys([*c.accepted_kinds, AskKind.REFERRAL.value]))
            c.capacity = max(c.capacity, 6)
            channel_save(channel=c)
        self.reserved_channels = {
            c.pk
            for c in (
                self.kevin_google,
                self.kevin_tsmc,
                self.alex_microsoft,
                amazon_c,
                nvidia_c,
                meta_c,
                apple_c,
                stripe_c,
                google_c,
                shopee_c,
            )
        }
        self.reserved_seekers = {p.user.pk for p in (emily, alex, s1, s2, s3, s4, s5)}
        R = AskKind.REFERRAL.value

        def plan(seeker, referrer, channel, days, kind=R, position=""):
            made = self._plan(seeker, referrer, channel, self.ago(days), kind=kind, strict=True)
            made.position = position or made.position
            return made

        # Emily (seeker@): one request in each state.
        a = plan(emily, amazon_p, amazon_c, 3.1)
        a.position, a.job_id = "Software Development Engineer II, AWS", ""
        a.job_url = "https://amazon.jobs/en/search?base_query=backend&loc_query=Seattle"
        a.location = "Seattle"
        self.add(
            a,
            (2.9, "view", {}),
            (
                2.8,
                "ask",
                {
                    "question": "Thanks for reaching out! The link you sent opens a search "
                    "page. Could you send the exact job ID of the Seattle posting, and say "
                    "whether you need visa sponsorship?"
                },
            ),
        )
        b = plan(emily, kevin, self.kevin_google, 1.1)
        b.position, b.location = "Software Engineer III, Google Cloud", "Taipei"
        self.add(b)
        c = plan(emily, alex, self.alex_microsoft, 2.2)
        c.position, c.location = "Software Engineer II, Azure Storage", "Redmond"
        self.add(c, (1.0, "view", {}))
        self.add(
            plan(
                emily, nvidia_p, nvidia_c, 40, position="Senior Software Engineer, CUDA Libraries"
            ),
            (39, "view", {}),
            (38.8, "refer", {}),
            (38, "thank", {}),
            (30, "outcome", {"outcome": Outcome.INTERVIEWING.value}),
            (6, "outcome", {"outcome": Outcome.OFFER.value}),
        )
        self.add(
            plan(emily, meta_p, meta_c, 25, position="Software Engineer (E6), Infrastructure"),
            (
                23,
                "decline",
                {
                    "reason": DeclineReason.LEVEL_MISMATCH.value,
                    "note": "This one is an E6 (staff) role; with five years, the E5 postings "
                    "on the same team are a better match. Happy to look again if you find one!",
                },
            ),
            (22, "thank", {}),
        )
        self.add(
            plan(emily, apple_p, apple_c, 20, position="Backend Software Engineer, Apple Pay")
        )  # no answer: expires
        self.add(
            plan(emily, stripe_p, stripe_c, 15, position="Backend Engineer, Payments API"),
            (14, "view", {}),
            (12, "withdraw", {}),
        )

        # Kevin's (referrer@) inbox: oldest first, one answered after a question.
        self.add(plan(s1, kevin, self.kevin_tsmc, 5), (4, "view", {}))
        self.add(plan(s2, kevin, self.kevin_google, 4), (3, "ask", {}), (2, "answer", {}))
        self.add(plan(s3, kevin, self.kevin_google, 0.25))
        self.add(plan(alex, kevin, self.kevin_tsmc, 2, kind=AskKind.ADVICE.value))
        self.add(
            plan(s4, kevin, self.kevin_google, 30),
            (29.5, "view", {}),
            (29, "refer", {}),
            (28, "thank", {}),
            (20, "outcome", {"outcome": Outcome.INTERVIEWING.value}),
            (5, "outcome", {"outcome": Outcome.HIRED.value}),
        )
        self.add(
            plan(s5, kevin, self.kevin_tsmc, 18),
            (17, "decline", {"reason": DeclineReason.NO_OPENING.value}),
        )

        # Alex (both@): a seeker's history and a referrer's inbox.
        self.add(plan(alex, google_p, google_c, 22), (21, "refer", {}), (20, "thank", {}))
        self.add(
            plan(alex, shopee_p, shopee_c, 35),
            (33, "decline", {"reason": DeclineReason.LOCATION.value}),
        )
        self.add(plan(s5, alex, self.alex_microsoft, 1))
        self.add(plan(s1, alex, self.alex_microsoft, 28), (27, "refer", {}), (26, "thank", {}))

    def plan_random(self) -> None:
        rng = self.rng
        cutoff = self.ago(26)
        pool = [(p, c) for p, c in self.channels]
        for seeker in [self.alex, *self.seekers]:
            wanted = rng.randint(3, 9)
            for _ in range(wanted):
                at = self.start + timedelta(minutes=rng.randint(0, DAYS * 24 * 60 - 30))
                reserved_seeker = seeker.user.pk in self.reserved_seekers
                if reserved_seeker and at > cutoff:
                    continue
                matches = [
                    (p, c)
                    for p, c in pool
                    if p.user.pk != seeker.user.pk
                    and set(seeker.families) & set(c.job_families)
                    and not (c.pk in self.reserved_channels and at > cutoff)
                ]
                if not matches:
                    continue
                referrer, channel = rng.choice(matches)
                self._story(self._plan(seeker, referrer, channel, at))

    def plan_full(self) -> None:
        """A few popular referrers get enough recent asks to be full."""
        rng = self.rng
        candidates = [
            (p, c)
            for p, c in self.channels
            if c.pk not in self.reserved_channels and AskKind.REFERRAL.value in c.accepted_kinds
        ]
        rng.shuffle(candidates)
        seekers = [s for s in self.seekers if s.user.pk not in self.reserved_seekers]
        self.full_targets = []
        for referrer, channel in candidates[:4]:
            channel.capacity = 3
            channel_save(channel=channel)
            self.full_targets.append(channel)
            for seeker in rng.sample(seekers, 3):
                plan = self._plan(
                    seeker,
                    referrer,
                    channel,
                    self.ago(rng.uniform(0.2, 5)),
                    kind=AskKind.REFERRAL.value,
                )
                if rng.random() < 0.5:
                    plan.steps = [(plan.at + timedelta(hours=rng.uniform(1, 4)), "view", {})]
                self.plans.append(plan)

    # -- playing it forward --

    def _text(self, table, person: Person, plan: Plan) -> str:
        return self.rng.choice(table[person.lang]).format(
            job_id=plan.job_id or "R" + str(self.rng.randint(100000, 999999)),
            job_url=plan.job_url or "https://careers.example.com/jobs/1",
        )

    def _note(self, plan: Plan) -> str:
        rng, lang = self.rng, plan.seeker.lang
        family = data.F(plan.family) if plan.family else data.F.SOFTWARE
        achievement = rng.choice(_achievements(family))
        things, skills = data.FAMILY_WORDS.get(family, (data.THINGS, data.SKILLS))
        notes = {
            AskKind.ADVICE.value: data.ADVICE_NOTES,
            AskKind.RESUME_REVIEW.value: data.REVIEW_NOTES,
        }.get(plan.kind, data.NOTES)
        return rng.choice(notes[lang]).format(
            years=rng.randint(2, 9),
            thing=rng.choice(things),
            skill=rng.choice(skills),
            position=plan.position,
            job_id=plan.job_id or plan.job_url,
            achievement=achievement[0],
            achievement_zh=achievement[1],
        )

    def _contact(self, person: Person) -> str:
        return self.rng.choice(data.CONTACTS).format(slug=person.slug)

    def _do(self, plan: Plan, action: str, kwargs: dict) -> None:
        seeker, referrer = plan.seeker.user, plan.referrer.user
        if action == "create":
            resume = plan.seeker.resumes[0] if plan.seeker.resumes else None
            if len(plan.seeker.resumes) > 1 and self.rng.random() < 0.5:
                resume = plan.seeker.resumes[1]
            plan.request = referral_request_create(
                seeker=seeker,
                channel=plan.channel,
                kind=plan.kind,
                position_title=plan.position,
                note=self._note(plan),
                job_url=plan.job_url,
                job_id=plan.job_id,
                location=plan.location,
                resume=resume if plan.kind != AskKind.ADVICE or self.rng.random() < 0.5 else None,
            )
            return
        request = plan.request
        if action == "view":
            referral_mark_viewed(request=request, referrer=referrer)
            if request.resume_id:
                resume_log_access(resume=request.resume, viewer=referrer, referral_request=request)
        elif action == "ask":
            question = kwargs.get("question") or self._text(data.QUESTIONS, plan.referrer, plan)
            contact = self._contact(plan.referrer) if plan.kind == AskKind.ADVICE else ""
            referral_ask_for_info(
                request=request, referrer=referrer, question=question, contact=contact
            )
        elif action == "answer":
            referral_answer_info(
                request=request, seeker=seeker, answer=self._text(data.ANSWERS, plan.seeker, plan)
            )
        elif action == "refer":
            note = kwargs.get("note", self._text(data.REFER_NOTES, plan.referrer, plan))
            referral_refer(
                request=request, referrer=referrer, note=note, contact=self._contact(plan.referrer)
            )
        elif action == "decline":
            reason = kwargs.get("reason") or self.rng.choice(
                [r.value for r in DeclineReason if r != DeclineReason.OTHER] * 2
                + [DeclineReason.OTHER.value]
            )
            note = kwargs.get("note", self._text(data.DECLINE_NOTES, plan.referrer, plan))
            referral_decline(request=request, referrer=referrer, reason=reason, note=note)
        elif action == "withdraw":
            referral_withdraw(request=request, seeker=seeker)
        elif action == "outcome":
            referral_report_outcome(request=request, seeker=seeker, outcome=kwargs["outcome"])
        elif action == "thank":
            referral_thank(
                request=request, seeker=seeker, message=self._text(data.THANKS, plan.seeker, plan)
            )
        else:
            raise ValueError(action)

    def play(self) -> None:
        timeline = []
        for n, plan in enumerate(self.plans):
            timeline.append((plan.at, 0, n, plan, "create", {}))
            for m, (at, action, kwargs) in enumerate(plan.steps):
                timeline.append((at, 1 + m, n, plan, action, kwargs))
        day = self.start.replace(hour=1, minute=30)
        while day < self.now:
            timeline.append((day, 0, -1, None, "sweep", {}))
            day += timedelta(days=1)
        timeline.append((self.now, 99, -1, None, "sweep", {}))
        timeline.sort(key=lambda row: row[:3])
        for at, _order, _n, plan, action, kwargs in timeline:
            if at > self.now:
                continue
            with time_machine.travel(at, tick=False):
                if plan is None:
                    referrals_nudge_due(now=at)
                    referrals_expire_due(now=at)
                    continue
                if plan.failed or (action != "create" and plan.request is None):
                    continue
                try:
                    self._do(plan, action, kwargs)
                except ReferralError:
                    if plan.strict:
                        raise
                    if action == "create":
                        plan.failed = True
                        self.skipped += 1

    # -- finishing touches --

    def pause_and_fill(self) -> None:
        """Some referrers are paused (until a date, or until further notice); some are full."""
        rng = self.rng
        full = {c.pk for c in self.full_targets}
        candidates = [c for _p, c in self.channels if c.pk not in self.reserved_channels | full]
        rng.shuffle(candidates)
        today = timezone.localdate(self.now)
        for n, channel in enumerate(candidates[:6]):
            channel.refresh_from_db()
            channel.is_accepting = False
            channel.paused_until = today + timedelta(days=(7, 14, 30, 21)[n]) if n < 4 else None
            channel_save(channel=channel)
        for channel in self.full_targets:
            channel.refresh_from_db()
            if channel.open_count >= 2:
                channel.capacity = channel.open_count
                channel_save(channel=channel)

    def quiet_notifications(self) -> None:
        """Demo notifications count as e-mailed (so the worker sends nothing) and old ones as
        read; their queued e-mail tasks are removed."""
        demo = Notification.objects.filter(recipient__email__endswith=f"@{data.DOMAIN}")
        demo.filter(emailed_at__isnull=True).update(emailed_at=F("created_at"))
        demo.filter(read_at__isnull=True, created_at__lt=self.ago(4)).update(
            read_at=ExpressionWrapper(
                F("created_at") + timedelta(hours=3), output_field=DateTimeField()
            )
        )
        ids = set(demo.values_list("pk", flat=True))
        stale = [
            pk
            for pk, args in DBTaskResult.objects.filter(
                task_path__endswith="send_notification_email"
            ).values_list("pk", "args_kwargs")
            if (args or {}).get("kwargs", {}).get("notification_id") in ids
        ]
        for start in range(0, len(stale), 500):
            DBTaskResult.objects.filter(pk__in=stale[start : start + 500]).delete()

    def load(self) -> None:
        with transaction.atomic():
            self.create_members()
            self.create_companies()
            self.create_channels()
            self.create_resumes()
            self.plan_fixed()
            self.plan_random()
            self.plan_full()
            self.play()
            self.pause_and_fill()
            self.network = build_network(self)
        self.quiet_notifications()


def demo_load(*, now: datetime | None = None, stdout=None) -> DemoLoader:
    loader = DemoLoader(now=now, stdout=stdout)
    loader.load()
    return loader
