"""Warm paths: the people a member already knows at a company.

Guanxi is the word for it. A company's page shows a signed-in member first who they already
know there, the company list says how many on each card, and the ask form says so when one of
them refers there too, or when the referrer asked is someone they know.

It is read from the member's own private data only, never from anyone else's:

- their **contacts** whose company is one of the company's names or aliases, in either script
  and without a legal form ("Acme, Inc.", 愛客美半導體股份有限公司; LinkedIn imports included),
  or whose e-mail address is at one of the company's domains, or who are a member known to
  work there (below);
- their **accepted connections** whose network profile names the company, and the members among
  their contacts and connections who run a referrer channel there (those are marked).

A fixed number of queries, whatever the number of companies, contacts or connections: the
members they know who refer at these companies or (accepted connections) say they work there,
then the member's contacts matching any of that, each with the company of its e-mail domain
(counted for the cards: two queries; for a panel, their keys from an index and then their rows:
three, two when nobody is found). All are SQL of our own, on every database: built with the
ORM, they cost the company list 4 ms of Python a page for what the database answers in 1 ms
(docs/performance.md, twelfth round). A visitor who is not signed in costs none.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext

from companies.models import Company, CompanyDomain
from companies.search import company_name_key, search_keys
from contacts.models import Contact, Interaction, InteractionKind, Source
from network.models import Connection, ConnectionStatus, NetworkProfile
from referrals.models import ReferrerChannel

User = get_user_model()

# What the panel of a company's page shows before "and N more".
PANEL_SIZE = 5

# The columns of a member known to be at a company, from a channel or a network profile.
MEMBER_COLUMNS = (
    "w_member", "w_name", "w_company", "w_key", "w_channel", "w_accepting", "w_open",
    "w_capacity", "w_title",
)  # fmt: skip


@dataclass
class KnownPerson:
    """Someone the member knows at a company: one of their contacts, or a connection."""

    name: str
    contact_id: int | None = None
    member_id: int | None = None
    title: str = ""
    how_we_met: str = ""
    from_linkedin: bool = False
    last_kind_label: str = ""  # the last logged conversation's kind, translated
    last_at: object = None  # the last logged conversation's time, when there is one
    channel_id: int | None = None  # their referrer channel at this company
    channel_askable: bool = False
    channel_accepting: bool = False

    @property
    def refers_here(self) -> bool:
        return self.channel_id is not None

    @property
    def is_connection_only(self) -> bool:
        """A connection who is not (or no longer) in the member's contacts."""
        return self.contact_id is None

    def _with_channel(self, row: dict | None) -> "KnownPerson":
        if row is not None and row["w_channel"] is not None:
            self.channel_id = row["w_channel"]
            self.channel_accepting = bool(row["w_accepting"])
            self.channel_askable = self.channel_accepting and row["w_open"] < row["w_capacity"]
            self.title = row["w_title"] or self.title  # their title at this company
        return self


def _company_keys(company: Company) -> set[str]:
    """The keys a contact's or a profile's company may have to name ``company``: every name
    and alias as folded for search, and the two names without a legal form."""
    keys = set(search_keys(company.search_text))
    keys.update(company_name_key(name) for name in (company.name_en, company.name_zh))
    keys.discard("")
    return keys


def _marks(values) -> str:
    """``%s, %s, …``: one placeholder for each of ``values`` (never empty: ``NULL`` matches
    nothing)."""
    return ", ".join(["%s"] * len(values)) or "NULL"


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# The members a viewer knows: those among their contacts and their accepted connections.
# Written as SQL, as the queries below: built with the ORM (a union of two querysets of nine
# annotated columns, with three subqueries), they cost 2 ms of Python to build and compile to
# SQL for every page, and 0.6 ms for the database to plan and run.
_CONNECTION_OTHERS = """
    SELECT CASE WHEN sender_id = %s THEN recipient_id ELSE sender_id END FROM {connection}
    WHERE (sender_id = %s OR recipient_id = %s) AND status = %s
"""
_KNOWN_MEMBERS = (
    "SELECT member_id FROM {contact} WHERE owner_id = %s AND member_id IS NOT NULL UNION ALL"
    + _CONNECTION_OTHERS
)
# One row per member known, in MEMBER_COLUMNS: a referrer channel at one of the companies, or
# (an accepted connection) a network profile naming one of them. The referrer's name is read for
# the few rows found, not joined: a join made PostgreSQL hash every member's row.
_MEMBERS_THERE = """
    SELECT ch.referrer_id, (SELECT u.display_name FROM {user} u WHERE u.id = ch.referrer_id),
           ch.company_id, '', ch.id, ch.is_accepting, ch.open_count, ch.capacity, ch.job_title
    FROM {channel} ch
    WHERE ch.company_id IN ({company_ids}) AND ch.referrer_id IN ({known})
    UNION ALL
    SELECT p.user_id, u.display_name, NULL, p.company_search_key, NULL, NULL, 0, 0, p.job_title
    FROM {profile} p INNER JOIN {user} u ON u.id = p.user_id
    WHERE p.company_search_key IN ({keys}) AND u.is_active AND p.user_id IN ({others})
"""


def _members_there(viewer, company_ids: list[int], keys: set[str]) -> list[dict]:
    """The members ``viewer`` knows (a contact or an accepted connection) who run a referrer
    channel at one of these companies, and the accepted connections whose network profile names
    one of them (one query: the two as a union)."""
    tables = {
        "user": User._meta.db_table,
        "contact": Contact._meta.db_table,
        "connection": Connection._meta.db_table,
        "channel": ReferrerChannel._meta.db_table,
        "profile": NetworkProfile._meta.db_table,
    }
    me, accepted = viewer.pk, ConnectionStatus.ACCEPTED.value
    keys = sorted(keys)
    sql = _MEMBERS_THERE.format(
        **tables,
        company_ids=_marks(company_ids),
        known=_KNOWN_MEMBERS.format(**tables),
        keys=_marks(keys),
        others=_CONNECTION_OTHERS.format(**tables),
    )
    params = [*company_ids, me, me, me, me, accepted, *keys, me, me, me, accepted]
    return [dict(zip(MEMBER_COLUMNS, row, strict=True)) for row in _rows(sql, params)]


def _order(people: list[KnownPerson]) -> list[KnownPerson]:
    """Those who refer here first (who can be asked now before the others), then whom the
    member talked to most recently, then by name."""

    def key(person: KnownPerson):
        last = person.last_at.timestamp() if person.last_at else float("-inf")
        return (
            not person.refers_here,
            not person.channel_askable,
            -last,
            person.name.casefold(),
            person.contact_id is None,  # two of the same name: contacts first, then by age
            person.contact_id or person.member_id,
        )

    return sorted(people, key=key)


# The viewer's contacts at any of the companies: by company name, by an address at one of
# their domains (the domain's company comes with the row) or a member known to be there. One
# row a contact (a domain is one company's), with the columns asked for.
_CONTACTS_AT = """
    SELECT {columns}
    FROM {contact} c LEFT JOIN {domain} d ON d.domain = c.email_domain AND d.company_id IN ({ids})
    WHERE c.owner_id = %s AND (
        c.company_search_key IN ({keys}) OR d.company_id IS NOT NULL OR c.member_id IN ({members})
    )
    {group}
"""
# The panel's rows: the keys of the contacts found as above (the index contact_owner_workplace
# holds every column the filter reads, so a member with thousands of contacts costs no read of
# their rows), then the columns of those found, by key. Read in one pass, PostgreSQL read every
# row of the member's contacts: 3,096 pages for a busy member at `large`. As a subquery, it
# misjudged how many it finds and read the whole table at `small`.
_PANEL_AT = """
    SELECT {columns}
    FROM {contact} c LEFT JOIN {domain} d ON d.domain = c.email_domain AND d.company_id IN ({ids})
    WHERE c.id IN ({found})
"""
# What the counts need: how many contacts have each company key and domain company, apart from
# those who are a member known to be at one of the companies (a row each). Counted by the
# database: a busy member at `large` knows 2,500 people at the companies of a list page.
_KNOWN_MEMBER = "CASE WHEN c.member_id IN ({members}) THEN c.member_id END"
_COUNT_COLUMNS = f"c.company_search_key, d.company_id, {_KNOWN_MEMBER}, COUNT(*)"
_COUNT_GROUP = f"GROUP BY c.company_search_key, d.company_id, {_KNOWN_MEMBER}"
# What a person's line of the panel shows. The last conversation's kind is read for the rows
# found, not joined: with a join PostgreSQL hashed every interaction of every member to find
# those of a few contacts.
_PANEL_COLUMNS = (
    "c.id, c.member_id, c.name, c.title, c.how_we_met, c.source, c.company_search_key, "
    "d.company_id, (SELECT i.kind FROM {interaction} i WHERE i.id = c.last_interaction_id), "
    "c.last_interaction_at"
)


class _Places:
    """Where the people ``viewer`` knows are among ``companies``: the keys that name each
    company, and for each known member the companies they refer at or (a connection) say they
    work at, with the channel row when they refer there. What both the panel and the counts
    start from; None for a visitor or no companies."""

    def __init__(self, viewer, companies):
        self.viewer = viewer
        self.ids = [company.pk for company in companies]
        # Each key, and the companies it names (an alias may name more than one).
        self.companies_of_key: dict[str, set[int]] = defaultdict(set)
        for company in companies:
            for key in _company_keys(company):
                self.companies_of_key[key].add(company.pk)
        self.of_member: dict[int, dict[int, dict | None]] = defaultdict(dict)
        for row in _members_there(viewer, self.ids, self.companies_of_key):
            if row["w_company"] is not None:
                places = [row["w_company"]]
            else:
                places = self.companies_of_key.get(row["w_key"], ())
            for pk in places:
                if self.of_member[row["w_member"]].get(pk) is None or row["w_channel"] is not None:
                    self.of_member[row["w_member"]][pk] = row

    @classmethod
    def of(cls, viewer, companies) -> "_Places | None":
        companies = list(companies)
        if not getattr(viewer, "is_authenticated", False) or not companies:
            return None
        return cls(viewer, companies)

    def contacts(self) -> list[tuple]:
        """The member's own contacts at any of the companies (``_CONTACTS_AT``), in
        ``_PANEL_COLUMNS``: which they are is found in the index alone, then their rows are
        read by key (``_PANEL_AT``)."""
        found = [pk for (pk,) in _rows(*self._contacts_at("c.id"))]
        if not found:
            return []
        columns = _PANEL_COLUMNS.format(interaction=Interaction._meta.db_table)
        sql = _PANEL_AT.format(columns=columns, found=_marks(found), **self._tables())
        return _rows(sql, [*self.ids, *found])

    def contact_counts(self) -> list[tuple]:
        """The same contacts counted by company key, domain company and known member: rows of
        (key, domain's company, member or None, how many)."""
        sql, params = self._contacts_at(_COUNT_COLUMNS, _COUNT_GROUP)
        return _rows(sql, params)

    def _tables(self) -> dict:
        return {
            "contact": Contact._meta.db_table,
            "domain": CompanyDomain._meta.db_table,
            "ids": _marks(self.ids),
        }

    def _contacts_at(self, columns: str, group: str = "") -> tuple[str, list]:
        """``_CONTACTS_AT`` with these columns and grouping, and its parameters."""
        keys, members = sorted(self.companies_of_key), list(self.of_member)
        known = _marks(members)
        sql = _CONTACTS_AT.format(
            columns=columns.format(members=known),
            keys=_marks(keys),
            members=known,
            group=group.format(members=known),
            **self._tables(),
        )
        # The placeholders in the order they come: the columns', the join's, the filter's, the
        # grouping's.
        around = members if group else []
        return sql, [*around, *self.ids, self.viewer.pk, *keys, *members, *around]

    def of_contact(self, key: str, domain_company: int | None, member_id) -> set[int]:
        """The companies a contact is at: by company name, by e-mail domain, and where they
        are known to be as a member."""
        places = set(self.companies_of_key.get(key, ()))
        if domain_company is not None:
            places.add(domain_company)
        if member_id:
            places.update(self.of_member.get(member_id, {}))
        return places


def _aware(value):
    """A time read by SQL of our own as Django's ORM would give it: SQLite gives it naive (or,
    from an expression, as text), in UTC."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def people_known_at_companies(viewer, companies) -> dict[int, list[KnownPerson]]:
    """For each of ``companies``, the people ``viewer`` knows there, best first (see the module
    docstring). Companies where they know nobody are left out; so is everything for a visitor
    who is not signed in. Three queries whatever the numbers (two when nobody is found), none
    for a visitor."""
    where = _Places.of(viewer, companies)
    if where is None:
        return {}
    found: dict[int, list[KnownPerson]] = defaultdict(list)
    in_contacts = set()
    kinds = {value: str(label) for value, label in InteractionKind.choices}
    for row in where.contacts():
        pk, member_id, name, title, how_we_met, source, key, domain_company, kind, at = row
        member_places = where.of_member.get(member_id, {}) if member_id else {}
        if member_id:
            in_contacts.add(member_id)
        for company in where.of_contact(key, domain_company, member_id):
            person = KnownPerson(
                name=name,
                contact_id=pk,
                member_id=member_id,
                title=title,
                how_we_met=how_we_met,
                from_linkedin=source == Source.LINKEDIN,
                last_kind_label=kinds.get(kind, kind or ""),
                last_at=_aware(at),
            )
            found[company].append(person._with_channel(member_places.get(company)))
    for member_id, places in where.of_member.items():
        if member_id in in_contacts:
            continue
        for pk, row in places.items():
            name = row["w_name"] or gettext("A Guanxi member")
            person = KnownPerson(name=name, member_id=member_id, title=row["w_title"])
            found[pk].append(person._with_channel(row))
    return {pk: _order(people) for pk, people in found.items()}


def people_known_at(viewer, company: Company) -> list[KnownPerson]:
    """The people ``viewer`` knows at ``company``, best first: the panel of its page."""
    return people_known_at_companies(viewer, [company]).get(company.pk, [])


def people_known_counts(viewer, companies) -> dict[int, int]:
    """How many people ``viewer`` knows at each of ``companies``: the line of each card. The
    same people as ``people_known_at_companies`` counts, read as three columns of each contact
    (no last conversation, no order): a member who knows hundreds of people at the companies of
    a list page pays for numbers, not for panels."""
    where = _Places.of(viewer, companies)
    if where is None:
        return {}
    counts: dict[int, int] = defaultdict(int)
    in_contacts = set()
    for key, domain_company, member_id, number in where.contact_counts():
        if member_id:
            in_contacts.add(member_id)
        for pk in where.of_contact(key, domain_company, member_id):
            counts[pk] += number
    for member_id, places in where.of_member.items():
        if member_id not in in_contacts:
            for pk in places:
                counts[pk] += 1
    return dict(counts)


@dataclass
class AskHint:
    """What the ask form tells a seeker they already know: the referrer being asked, and the
    others who refer at the company and can be asked now."""

    referrer: KnownPerson | None
    others: list[KnownPerson]

    def __bool__(self) -> bool:
        return self.referrer is not None or bool(self.others)


def ask_warm_paths(viewer, channel: ReferrerChannel) -> AskHint:
    """Whether ``viewer`` already knows the referrer of ``channel``, and whom else they know
    who refers at its company and could be asked instead."""
    people = people_known_at(viewer, channel.company)
    referrer = next((p for p in people if p.member_id and p.member_id == channel.referrer_id), None)
    others = [p for p in people if p.channel_askable and p.channel_id != channel.pk]
    return AskHint(referrer=referrer, others=others)
