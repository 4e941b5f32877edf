"""Scale data for the networking half: listed profiles, contacts, interactions, follow-ups.

These models belong to the network and contacts apps; each part is generated only when its model
and table exist, and only the fields that exist are filled (the rest take their defaults).
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterator
from datetime import timedelta

from django.db import connection

from benchmark import data
from companies.search import company_name_key
from contacts.matching import fold, linkedin_key

INTENTS = ["job_referral", "internship", "mentor", "business_advice", "visa_advice",
           "business_prospects", "career_change", "hiring"]  # fmt: skip
OFFERS = ["referrals", "resume_review", "mock_interviews", "visa_experience",
          "industry_insight", "introductions", "mentoring"]  # fmt: skip
ROLE_TYPES = ["hiring_manager", "founder", "investor", "senior_leader", "expert", "peer", "peer"]
INDUSTRIES = ["software", "semiconductors", "finance", "consulting", "healthcare", "education",
              "retail", "manufacturing", "media"]  # fmt: skip
TOPICS = [
    "Moving from a fab to software", "簽證與 H-1B 抽籤", "How their team does code review",
    "Mock interview next month", "創業募資經驗", "Salary bands in Seattle", "轉職資料科學",
    "Book recommendation: The Manager's Path",
]  # fmt: skip
HOW_WE_MET = ["NEX WORK meetup", "LinkedIn", "台大校友會", "Coffee chat on Guanxi", "Conference"]
PERSONA_CONTACTS = 500


def _pack(values) -> str:
    values = sorted(set(values))
    return f"|{'|'.join(values)}|" if values else ""


def _table_exists(model) -> bool:
    return model._meta.db_table in connection.introspection.table_names()


def _usable(label: str):
    model = data.optional_model(label)
    return model if model is not None and _table_exists(model) else None


def _fields(model) -> set[str]:
    return {f.attname for f in model._meta.concrete_fields}


def member_time_zone(i: int) -> str:
    return data.TIME_ZONES[(i * 7) % len(data.TIME_ZONES)]


def generate(plan: data.Plan, sink: data.Sink) -> None:
    profiles(plan, sink)
    contacts(plan, sink)
    reminder_settings(plan, sink)


def _write_known(sink, model, columns: list[str], rows: Iterator[tuple]) -> int:
    available = _fields(model)
    keep = [i for i, c in enumerate(columns) if c in available]
    if len(keep) == len(columns):
        return sink.write(model, columns, rows)
    names = [columns[i] for i in keep]
    return sink.write(model, names, (tuple(row[i] for i in keep) for row in rows))


def profiles(plan: data.Plan, sink: data.Sink) -> None:
    model = _usable("network.NetworkProfile")
    if model is None:
        return
    rng = plan.rng("profiles")
    members = plan.size.members
    company_names = [c[0] for c in data.REAL_COMPANIES]

    def rows() -> Iterator[tuple]:
        pk = 0
        for i in range(1, members + 1):
            # 60 % have a profile; half of those are listed in the directory.
            if i > data.PERSONAS and rng.random() >= 0.6:
                continue
            pk += 1
            listed = i <= data.PERSONAS or rng.random() < 0.5
            when = plan.now - timedelta(days=rng.random() * 700)
            yield (
                pk,
                i,
                _pack(rng.sample(INTENTS, 1 + rng.randrange(3))),
                _pack(rng.sample(OFFERS, 1 + rng.randrange(3))),
                ROLE_TYPES[rng.randrange(len(ROLE_TYPES))],
                INDUSTRIES[rng.randrange(len(INDUSTRIES))],
                (company := company_names[rng.randrange(len(company_names))] if i % 3 else ""),
                company_name_key(company),
                data.TITLES[rng.randrange(len(data.TITLES))],
                "Happy to chat about careers in tech. 歡迎聊聊職涯。" if i % 2 else "",
                listed,
                when,
                when,
            )

    _write_known(
        sink,
        model,
        [
            "id",
            "user_id",
            "intents",
            "offers",
            "role_type",
            "industry",
            "company",
            "company_search_key",
            "job_title",
            "about",
            "listed",
            "created_at",
            "updated_at",
        ],  # fmt: skip
        rows(),
    )


def contacts(plan: data.Plan, sink: data.Sink, batch: int = 50_000) -> None:
    contact_model = _usable("contacts.Contact")
    if contact_model is None:
        return
    interaction_model = _usable("contacts.Interaction")
    follow_up_model = _usable("contacts.FollowUp")
    rng = plan.rng("contacts")
    members = plan.size.members
    total = plan.size.contacts
    zones = {tz: zoneinfo.ZoneInfo(tz) for tz in data.TIME_ZONES}
    persona = PERSONA_CONTACTS if total >= 20 * PERSONA_CONTACTS else max(1, total // 40)
    owner_cum = data._zipf_cum_weights(members, 0.6)
    today = plan.now.date()
    ids = {"contact": 0, "interaction": 0, "follow_up": 0}

    def owners() -> Iterator[int]:
        k = 0
        for p in range(1, data.PERSONAS + 1):
            for _ in range(persona):
                if k < total:
                    k += 1
                    yield p
        while k < total:
            take = min(10_000, total - k)
            for owner in rng.choices(range(1, members + 1), cum_weights=owner_cum, k=take):
                k += 1
                yield owner

    per_owner: dict[int, int] = {}

    def one(owner: int) -> tuple[tuple, list[tuple], list[tuple]]:
        ids["contact"] += 1
        cid = ids["contact"]
        nth = per_owner.get(owner, 0)
        per_owner[owner] = nth + 1
        name, _lang = data._member_name(rng, cid)
        is_member = rng.random() < 0.4
        member = None
        if is_member:
            # Distinct per owner: the nth member contact of an owner is a fixed offset away.
            member = (owner + 1 + nth * 7919) % members + 1
            if member == owner:
                member = None
        company = data.REAL_COMPANIES[rng.randrange(len(data.REAL_COMPANIES))][0]
        title = data.TITLES[rng.randrange(len(data.TITLES))]
        slug = f"contact-{cid}"
        linkedin = f"https://www.linkedin.com/in/{slug}" if cid % 2 else ""
        created = plan.now - timedelta(days=30 + rng.random() * 900)
        interactions = []
        last_id = None
        last_at = None
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3, 4))):
            ids["interaction"] += 1
            occurred = created + timedelta(days=rng.random() * (plan.now - created).days)
            interactions.append(
                (
                    ids["interaction"],
                    cid,
                    ("message", "coffee", "call", "event", "referral")[rng.randrange(5)],
                    occurred,
                    TOPICS[rng.randrange(len(TOPICS))],
                    "",
                    "",
                    "",
                    occurred,
                )
            )
            if last_at is None or occurred >= last_at:
                last_id, last_at = ids["interaction"], occurred
        follow_ups = []
        open_due: datetime.date | None = None
        if rng.random() < 0.3:
            ids["follow_up"] += 1
            due_on = today + timedelta(days=rng.randrange(-40, 40))
            done = rng.random() < 0.4
            follow_ups.append(
                (
                    ids["follow_up"],
                    cid,
                    TOPICS[rng.randrange(len(TOPICS))],
                    due_on,
                    plan.now - timedelta(days=rng.randrange(1, 30)) if done else None,
                    "",
                    created,
                )
            )
            if not done:
                open_due = due_on
        cadence = rng.choice((None, None, 30, 60, 90))
        base = last_at or created
        next_due = base + timedelta(days=cadence) if cadence else None
        candidates = [next_due] if next_due else []
        if open_due:
            tz = zones[member_time_zone(owner)]
            candidates.append(datetime.datetime.combine(open_due, datetime.time.min, tzinfo=tz))
        attention = min(candidates) if candidates else None
        contact = (
            cid,
            owner,
            member,
            name,
            f"{slug}@example.com" if cid % 3 else "",
            company,
            title,
            _pack(rng.sample(ROLE_TYPES[:-1], rng.randrange(3))),
            HOW_WE_MET[rng.randrange(len(HOW_WE_MET))],
            linkedin,
            "",
            "",
            cadence,
            ("manual", "linkedin", "guanxi")[rng.randrange(3)],
            created.date(),
            fold(name),
            fold(company),
            linkedin_key(linkedin) if linkedin else "",
            company_name_key(company),
            "example.com" if cid % 3 else "",
            last_id,
            last_at,
            next_due,
            open_due,
            attention,
            created,
            last_at or created,
        )
        return contact, interactions, follow_ups

    contact_columns = [
        "id", "owner_id", "member_id", "name", "email", "company", "title", "tags", "how_we_met",
        "linkedin_url", "website", "notes", "cadence_days", "source", "connected_on", "name_key",
        "company_key", "linkedin_key", "company_search_key", "email_domain", "last_interaction_id",
        "last_interaction_at", "next_due_at", "follow_up_due_on", "attention_at", "created_at",
        "updated_at",
    ]  # fmt: skip
    interaction_columns = [
        "id", "contact_id", "kind", "occurred_at", "topics", "notes", "link", "occurrence_key",
        "created_at",
    ]  # fmt: skip
    follow_up_columns = [
        "id",
        "contact_id",
        "topic",
        "due_on",
        "done_at",
        "occurrence_key",
        "created_at",
    ]
    source = owners()
    done = 0
    while done < total:
        cs, its, fus = [], [], []
        for owner in source:
            contact, interactions, follow_ups = one(owner)
            if interaction_model is None:
                contact = (*contact[:18], None, *contact[19:])
            cs.append(contact)
            its.extend(interactions)
            fus.extend(follow_ups)
            if len(cs) >= batch:
                break
        if not cs:
            break
        done += len(cs)
        _write_known(sink, contact_model, contact_columns, iter(cs))
        if interaction_model is not None:
            _write_known(sink, interaction_model, interaction_columns, iter(its))
        if follow_up_model is not None:
            _write_known(sink, follow_up_model, follow_up_columns, iter(fus))


def reminder_settings(plan: data.Plan, sink: data.Sink) -> None:
    """A quarter of members chose a digest: 15 % daily, 10 % weekly (personas daily)."""
    model = _usable("contacts.ReminderSettings")
    if model is None:
        return
    rng = plan.rng("reminders")

    def rows() -> Iterator[tuple]:
        pk = 0
        for i in range(1, plan.size.members + 1):
            roll = rng.random()
            if i <= data.PERSONAS or roll < 0.15:
                frequency = "daily"
            elif roll < 0.25:
                frequency = "weekly"
            else:
                continue
            pk += 1
            yield (pk, i, frequency)

    _write_known(sink, model, ["id", "member_id", "frequency"], rows())
