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

Three queries, whatever the number of companies, contacts or connections: the members they
know who refer at these companies or (accepted connections) say they work there, the companies'
domains, then the member's contacts matching any of that. The contacts' query is built from
what the first two found, with no subquery: building a query of subqueries cost more than
running it. A visitor who is not signed in costs none.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    CharField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.urls import reverse
from django.utils.translation import gettext

from companies.models import Company, CompanyDomain
from companies.search import company_name_key, search_keys
from contacts.models import Contact, Interaction, InteractionKind, Source
from network.models import Connection, ConnectionStatus, NetworkProfile
from referrals.models import ReferrerChannel

User = get_user_model()

# What the panel of a company's page shows before "and N more".
PANEL_SIZE = 5

# What a person's line shows of a contact, with where they are.
CONTACT_COLUMNS = (
    "pk", "member_id", "name", "title", "how_we_met", "source", "company_search_key",
    "email_domain", "last_kind", "last_at",
)  # fmt: skip

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
    last_kind: str = ""
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

    @property
    def url(self) -> str:
        if self.contact_id is not None:
            return reverse("contacts:detail", args=[self.contact_id])
        return reverse("network:member", args=[self.member_id])

    @property
    def last_kind_label(self) -> str:
        return str(dict(InteractionKind.choices).get(self.last_kind, self.last_kind))

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


def _connection_others(viewer) -> QuerySet:
    """The members ``viewer`` has an accepted connection with, whichever side asked."""
    return (
        Connection.objects.filter(
            Q(sender_id=viewer.pk) | Q(recipient_id=viewer.pk), status=ConnectionStatus.ACCEPTED
        )
        .annotate(
            other=Case(
                When(sender_id=viewer.pk, then=F("recipient_id")),
                default=F("sender_id"),
                output_field=BigIntegerField(),
            )
        )
        .values("other")
    )


def _members_there(viewer, company_ids: list[int], keys: set[str]) -> list[dict]:
    """The members ``viewer`` knows (a contact or an accepted connection) who run a referrer
    channel at one of these companies, and the accepted connections whose network profile names
    one of them (one query: the two as a union)."""
    known = Q(
        referrer_id__in=Contact.objects.filter(owner_id=viewer.pk, member__isnull=False).values(
            "member_id"
        )
    ) | Q(referrer_id__in=_connection_others(viewer))
    channels = (
        ReferrerChannel.objects.filter(company_id__in=company_ids)
        .filter(known)
        .annotate(
            w_member=F("referrer_id"),
            # Read for the few rows found, not joined: a join made PostgreSQL hash every
            # member's row to find the names of a handful.
            w_name=Subquery(
                User.objects.filter(pk=OuterRef("referrer_id")).values("display_name")[:1]
            ),
            w_company=F("company_id"),
            w_key=Value("", output_field=CharField()),
            w_channel=F("pk"),
            w_accepting=F("is_accepting"),
            w_open=F("open_count"),
            w_capacity=F("capacity"),
            w_title=F("job_title"),
        )
        .values_list(*MEMBER_COLUMNS)
    )
    profiles = (
        NetworkProfile.objects.filter(
            company_search_key__in=keys,
            user_id__in=_connection_others(viewer),
            user__is_active=True,
        )
        .annotate(
            w_member=F("user_id"),
            w_name=F("user__display_name"),
            w_company=Value(None, output_field=BigIntegerField()),
            w_key=F("company_search_key"),
            w_channel=Value(None, output_field=BigIntegerField()),
            w_accepting=Value(False, output_field=BooleanField()),
            w_open=Value(0, output_field=IntegerField()),
            w_capacity=Value(0, output_field=IntegerField()),
            w_title=F("job_title"),
        )
        .values_list(*MEMBER_COLUMNS)
    )
    return [
        dict(zip(MEMBER_COLUMNS, row, strict=True)) for row in channels.union(profiles, all=True)
    ]


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


class _Places:
    """Where the people ``viewer`` knows are among ``companies``: the keys that name each
    company, and for each known member the companies they refer at or (a connection) say they
    work at, with the channel row when they refer there. What both the panel and the counts
    start from; None for a visitor or no companies."""

    def __init__(self, viewer, companies):
        self.viewer = viewer
        self.keys_of = {company.pk: _company_keys(company) for company in companies}
        self.keys = set().union(*self.keys_of.values())
        company_ids = list(self.keys_of)
        self.of_member: dict[int, dict[int, dict | None]] = defaultdict(dict)
        for row in _members_there(viewer, company_ids, self.keys):
            if row["w_company"] is not None:
                places = [row["w_company"]]
            else:
                places = [pk for pk, own in self.keys_of.items() if row["w_key"] in own]
            for pk in places:
                if self.of_member[row["w_member"]].get(pk) is None or row["w_channel"] is not None:
                    self.of_member[row["w_member"]][pk] = row
        self.company_of_domain = dict(
            CompanyDomain.objects.filter(company_id__in=company_ids).values_list(
                "domain", "company_id"
            )
        )

    @classmethod
    def of(cls, viewer, companies) -> "_Places | None":
        companies = list(companies)
        if not getattr(viewer, "is_authenticated", False) or not companies:
            return None
        return cls(viewer, companies)

    def contacts(self) -> QuerySet:
        """The member's own contacts at any of the companies: by company name, by e-mail
        domain, or a member known to be there. Built from what is known already, with no
        subquery: for a query this size, building it costs more than running it."""
        at = Q(company_search_key__in=self.keys)
        if self.company_of_domain:
            at |= Q(email_domain__in=list(self.company_of_domain))
        if self.of_member:
            at |= Q(member_id__in=list(self.of_member))
        return Contact.objects.filter(at, owner_id=self.viewer.pk).order_by()

    def of_contact(self, key: str, email_domain: str, member_id) -> set[int]:
        """The companies a contact is at: by company name, by e-mail domain, and where they
        are known to be as a member."""
        places = {pk for pk, own in self.keys_of.items() if key in own}
        if email_domain in self.company_of_domain:
            places.add(self.company_of_domain[email_domain])
        if member_id:
            places.update(self.of_member.get(member_id, {}))
        return places


def people_known_at_companies(viewer, companies) -> dict[int, list[KnownPerson]]:
    """For each of ``companies``, the people ``viewer`` knows there, best first (see the module
    docstring). Companies where they know nobody are left out; so is everything for a visitor
    who is not signed in. Three queries whatever the numbers, none for a visitor."""
    where = _Places.of(viewer, companies)
    if where is None:
        return {}
    found: dict[int, list[KnownPerson]] = defaultdict(list)
    in_contacts = set()
    # The last conversation is read for the rows found, not joined: with a join PostgreSQL
    # hashed every interaction of every member to find those of a few contacts.
    last = Interaction.objects.filter(pk=OuterRef("last_interaction_id"))
    rows = (
        where.contacts()
        .annotate(
            last_kind=Subquery(last.values("kind")[:1]),
            last_at=Subquery(last.values("occurred_at")[:1]),
        )
        .values_list(*CONTACT_COLUMNS)
    )
    for contact in rows:
        contact = dict(zip(CONTACT_COLUMNS, contact, strict=True))
        member_id = contact["member_id"]
        places = where.of_contact(contact["company_search_key"], contact["email_domain"], member_id)
        member_places = where.of_member.get(member_id, {}) if member_id else {}
        if member_id:
            in_contacts.add(member_id)
        for pk in places:
            person = KnownPerson(
                name=contact["name"],
                contact_id=contact["pk"],
                member_id=member_id,
                title=contact["title"],
                how_we_met=contact["how_we_met"],
                from_linkedin=contact["source"] == Source.LINKEDIN,
                last_kind=contact["last_kind"] or "",
                last_at=contact["last_at"],
            )
            found[pk].append(person._with_channel(member_places.get(pk)))
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
    same people as ``people_known_at_companies`` counts, read as four columns of each contact
    (no rows made into objects, no last conversation joined, no order): a member who knows
    hundreds of people at the companies of a list page pays for numbers, not for panels."""
    where = _Places.of(viewer, companies)
    if where is None:
        return {}
    counts: dict[int, int] = defaultdict(int)
    in_contacts = set()
    rows = where.contacts().values_list("company_search_key", "email_domain", "member_id")
    for key, email_domain, member_id in rows:
        if member_id:
            in_contacts.add(member_id)
        for pk in where.of_contact(key, email_domain, member_id):
            counts[pk] += 1
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
