"""Reads scoped to the owner: another member's contact, interaction or follow-up is a 404."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from contacts.models import Contact, FollowUp, Interaction, Tag


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
    query = query.strip()
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


def due_for_owners(owner_ids, *, now) -> list[Contact]:
    """Everything the digest of these members lists, in three queries whatever their number."""
    return list(
        Contact.objects.filter(owner_id__in=owner_ids, attention_at__lte=now)
        .select_related("last_interaction")
        .prefetch_related(_open_follow_ups())
        .order_by("owner_id", "attention_at", "pk")
    )


def duplicate_groups(user) -> list[list[Contact]]:
    """Contacts that look like the same person: same LinkedIn profile, e-mail or name.

    Four queries whatever the size of the address book: one per key, then the contacts.
    """
    mine = Contact.objects.filter(owner=user)
    keys = {}
    for field in ("linkedin_key", "email", "name_key"):
        keys[field] = set(
            mine.exclude(**{field: ""})
            .order_by()
            .values(field)
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .values_list(field, flat=True)
        )
    if not any(keys.values()):
        return []
    candidates = list(
        contacts_of(user)
        .filter(
            Q(linkedin_key__in=keys["linkedin_key"])
            | Q(email__in=keys["email"])
            | Q(name_key__in=keys["name_key"])
        )
        .order_by("created_at", "pk")
    )
    # Union-find over the shared keys, so A~B by e-mail and B~C by name make one group.
    parent = {c.pk: c.pk for c in candidates}

    def root(pk):
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    first_with: dict[tuple[str, str], int] = {}
    for contact in candidates:
        for field, values in keys.items():
            value = getattr(contact, field)
            if value in values:
                other = first_with.setdefault((field, value), contact.pk)
                parent[root(contact.pk)] = root(other)
    groups: dict[int, list[Contact]] = {}
    for contact in candidates:
        groups.setdefault(root(contact.pk), []).append(contact)
    return [g for g in groups.values() if len(g) > 1]
