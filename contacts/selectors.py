"""Reads scoped to the owner: another member's contact, interaction or follow-up is a 404."""

from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from contacts.matching import Person, name_keys, person, same_person
from contacts.models import Contact, FollowUp, Interaction, Tag
from guanxi.compiled import BoundQuery, CompiledQuery


def contacts_of(user) -> QuerySet[Contact]:
    return Contact.objects.filter(owner=user).select_related("last_interaction", "member")


def contact_for_owner(user, pk: int) -> Contact:
    return get_object_or_404(contacts_of(user), pk=pk)


def follow_up_for_owner(user, pk: int) -> FollowUp:
    return get_object_or_404(
        FollowUp.objects.filter(contact__owner=user).select_related("contact"), pk=pk
    )


# What a row of the contact list and the gone-quiet view shows.
ROW_FIELDS = (
    "owner", "member", "name", "company", "title", "tags", "attention_at", "next_due_at",
    "cadence_days", "last_interaction__kind", "last_interaction__occurred_at",
    "last_interaction__topics",
)  # fmt: skip


def contact_rows_of(user) -> QuerySet[Contact]:
    return Contact.objects.filter(owner=user).select_related("last_interaction").only(*ROW_FIELDS)


def contacts_search(user, *, query: str = "", tag: str = "") -> QuerySet[Contact]:
    contacts = contact_rows_of(user)
    # PostgreSQL refuses a NUL character in a query's text: none can match a contact anyway.
    query = query.replace("\x00", "").strip()
    if query:
        contacts = contacts.filter(
            Q(name__icontains=query)
            | Q(company__icontains=query)
            | Q(title__icontains=query)
            | Q(email__icontains=query)
            | Q(how_we_met__icontains=query)
        )
    if tag in Tag.values:
        contacts = contacts.filter(tags__contains=f"|{tag}|")
    return contacts.order_by("name", "pk")


# The contact list as it opens (no search, no tag) runs on every visit: its count and its page
# compiled once (guanxi.compiled), as the owner's key.
_owned_count = CompiledQuery(
    Contact,
    lambda owner: (
        Contact.objects.filter(owner=owner)
        .values("owner")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    ),
    int,
)
_owned_rows = CompiledQuery(
    Contact, lambda owner, bottom, top: contacts_search(owner)[bottom:top], int
)


def contact_count(user) -> int:
    return next(iter(_owned_count.rows(user.pk)), 0)


def contact_rows_by_name(user) -> BoundQuery:
    """``contacts_search`` with no search and no tag, sliced a page at a time."""
    return _owned_rows.bind(user.pk)


def with_attention(contacts, *, now) -> list[Contact]:
    """The contacts, each marked with whether it is due now and whether it has gone quiet.

    Pages compare against the clock here, once, so a cached row depends only on its own data.
    """
    contacts = list(contacts)
    for contact in contacts:
        contact.due_now = bool(contact.attention_at and contact.attention_at <= now)
        contact.quiet_now = bool(contact.next_due_at and contact.next_due_at <= now)
    return contacts


def contact_history(contact: Contact) -> QuerySet[Interaction]:
    return contact.interactions.order_by("-occurred_at", "-pk")


def contact_follow_ups(contact: Contact) -> QuerySet[FollowUp]:
    return contact.follow_ups.order_by("done_at", "due_on", "pk")


def _open_follow_ups() -> Prefetch:
    return Prefetch(
        "follow_ups",
        queryset=FollowUp.objects.filter(done_at__isnull=True).order_by("due_on", "pk"),
        to_attr="open_follow_ups",
    )


def gone_quiet(user, *, now=None) -> QuerySet[Contact]:
    """Contacts past their keep-in-touch date or with a follow-up due: most overdue first."""
    now = now or timezone.now()
    return (
        contact_rows_of(user)
        .filter(attention_at__lte=now)
        .prefetch_related(_open_follow_ups())
        .order_by("attention_at", "pk")
    )


# The gone-quiet view runs on every visit: compiled once (guanxi.compiled), as the owner's key
# and the time it is read at.
_gone_quiet_rows = CompiledQuery(
    Contact,
    lambda owner, now, bottom, top: gone_quiet(owner, now=now)[bottom:top],
    int,
    datetime,
)


def gone_quiet_rows_of(user, *, now) -> BoundQuery:
    """``gone_quiet`` sliced a page at a time (UncountedPaginator)."""
    return _gone_quiet_rows.bind(user.pk, now)


def due_for_owners(owner_ids, *, now) -> list[Contact]:
    """Everything the digest of these members lists, in three queries whatever their number."""
    return list(
        Contact.objects.filter(owner_id__in=owner_ids, attention_at__lte=now)
        .select_related("last_interaction")
        .prefetch_related(_open_follow_ups())
        .order_by("owner_id", "attention_at", "pk")
    )


def duplicate_groups(user) -> list[list[Contact]]:
    """Contacts that look like the same person (``contacts.matching.same_person``): the same
    LinkedIn profile or e-mail address, or the same name in either script and order.

    Two queries whatever the size of the address book: the matching columns of every contact,
    compared in Python (a name is compared in several forms no index holds), then the contacts
    that have a double.
    """
    rows = Contact.objects.filter(owner=user).values_list(
        "pk", "name", "email", "linkedin_url", "company"
    )
    people = [
        person(pk=pk, name=name, email=email, linkedin_url=url, company=company)
        for pk, name, email, url, company in rows
    ]
    # Only contacts that share a key can be the same person: compare within each bucket.
    buckets: dict[str, list[Person]] = {}
    for p in people:
        keys = [*name_keys(p)]
        if p.email:
            keys.append(f"email:{p.email}")
        if p.linkedin:
            keys.append(f"linkedin:{p.linkedin}")
        for key in keys:
            buckets.setdefault(key, []).append(p)
    parent = {p.pk: p.pk for p in people}

    def root(pk):
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    # Union-find, so A~B by e-mail and B~C by name make one group.
    for bucket in buckets.values():
        for i, a in enumerate(bucket):
            for b in bucket[i + 1 :]:
                if root(a.pk) != root(b.pk) and same_person(a, b):
                    parent[root(b.pk)] = root(a.pk)
    members: dict[int, set[int]] = {}
    for p in people:
        members.setdefault(root(p.pk), set()).add(p.pk)
    doubled = {pk for group in members.values() if len(group) > 1 for pk in group}
    if not doubled:
        return []
    groups: dict[int, list[Contact]] = {}
    for contact in contacts_of(user).filter(pk__in=doubled).order_by("created_at", "pk"):
        groups.setdefault(root(contact.pk), []).append(contact)
    return list(groups.values())
