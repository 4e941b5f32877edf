"""Reads scoped to the member asking: someone else's shortlist, wish or request is a 404."""

from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Least, RowNumber
from django.db.models.lookups import Exact
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from guanxi.compiled import BoundQuery, CompiledLookup, CompiledQuery
from network.models import (
    Connection,
    ConnectionStatus,
    MeetWish,
    NetworkProfile,
    Shortlist,
    contains_choice,
)
from network.search import city_q, company_q, language_q

MATCHES_PER_WISH = 6


# A member's profile is read on every directory page and member page: compiled once.
_profiles = CompiledLookup(
    NetworkProfile, lambda member: NetworkProfile.objects.filter(user=member)
)


def profile_of(user) -> NetworkProfile | None:
    return _profiles.lookup(user.pk)


def member_work(member) -> tuple[str, str] | None:
    """A member's company and title as their network profile gives them (the title falls back
    to their headline); None when the profile names neither. A source of contacts.work."""
    profile = profile_of(member)
    if profile is not None and (profile.company or profile.job_title):
        return profile.company, profile.job_title or member.headline
    return None


def listed_profiles() -> QuerySet[NetworkProfile]:
    return (
        NetworkProfile.objects.filter(listed=True, user__is_active=True)
        .select_related("user")
        .order_by("-updated_at", "-pk")
    )


# What a member card shows: the directory loads only these columns.
CARD_FIELDS = (
    "intents", "offers", "role_type", "industry", "company", "job_title", "updated_at",
    "user__display_name", "user__headline", "user__city", "user__languages_spoken",
    "user__is_active",
)  # fmt: skip


def directory_search(*, viewer, filters: dict) -> QuerySet[NetworkProfile]:
    """Listed members matching the directory form's cleaned data; the viewer is left out."""
    qs = (
        listed_profiles()
        .exclude(user=viewer)
        .only(*CARD_FIELDS)
        # Whether the viewer has saved each member, in the same query as the cards.
        .annotate(saved=Exists(Shortlist.objects.filter(owner=viewer, member=OuterRef("user"))))
    )
    if filters.get("intent"):
        qs = qs.filter(intents__contains=contains_choice(filters["intent"]))
    if filters.get("offer"):
        qs = qs.filter(offers__contains=contains_choice(filters["offer"]))
    if filters.get("role_type"):
        qs = qs.filter(role_type=filters["role_type"])
    if filters.get("industry"):
        qs = qs.filter(industry=filters["industry"])
    # Free text, matched however it is written: 台北 finds Taipei, 谷歌 finds Google.
    if filters.get("company"):
        qs = qs.filter(company_q(filters["company"]))
    if filters.get("city"):
        qs = qs.filter(city_q(filters["city"]))
    if filters.get("language"):
        qs = qs.filter(language_q(filters["language"]))
    return qs


# Browsing the directory (no filter) runs on every visit: compiled once, as the viewer's key.
_browsing_rows = CompiledQuery(
    NetworkProfile,
    lambda viewer, bottom, top: directory_search(viewer=viewer, filters={})[bottom:top],
    int,
)


def directory_rows(*, viewer, filters: dict) -> QuerySet[NetworkProfile] | BoundQuery:
    """``directory_search``'s cards, sliced a page at a time; browsing everyone is compiled."""
    if filters:
        return directory_search(viewer=viewer, filters=filters)
    return _browsing_rows.bind(viewer.pk)


def _connected_q(viewer_id: int, member_id: int) -> Q:
    return Q(sender_id=viewer_id, recipient_id=member_id) | Q(
        sender_id=member_id, recipient_id=viewer_id
    )


def visible_member(viewer, pk: int) -> User:
    """A member whose network page the viewer may see: listed, yourself, or connected with you
    (an accepted connection, or a request they sent you). Anything else is a 404."""
    member = get_object_or_404(User.objects.filter(is_active=True), pk=pk)
    if member.pk == viewer.pk:
        return member
    profile = profile_of(member)
    if profile is not None and profile.listed:
        return member
    related = Connection.objects.filter(
        Q(sender=member, recipient=viewer)
        | (_connected_q(viewer.pk, member.pk) & Q(status=ConnectionStatus.ACCEPTED))
    )
    if related.exists():
        return member
    raise Http404


def listed_member(pk: int) -> User:
    """A member others may save or ask to connect: listed and active, or a 404."""
    profile = get_object_or_404(listed_profiles(), user_id=pk)
    return profile.user


def shortlist_of(user) -> QuerySet[Shortlist]:
    """The members this member saved, as long as they are still listed."""
    return (
        Shortlist.objects.filter(
            owner=user, member__is_active=True, member__network_profile__listed=True
        )
        .select_related("member", "member__network_profile")
        .order_by("-created_at", "-pk")
    )


def my_shortlist_entry(user, pk: int) -> Shortlist:
    return get_object_or_404(Shortlist.objects.filter(owner=user), pk=pk)


def wishes_of(user) -> QuerySet[MeetWish]:
    return MeetWish.objects.filter(owner=user).order_by("created_at", "pk")


def my_wish(user, pk: int) -> MeetWish:
    return get_object_or_404(wishes_of(user), pk=pk)


def wish_q(wish: MeetWish) -> Q:
    """Listed profiles that fit a wish (the rule of ``MeetWish.matches``, in SQL)."""
    q = Q()
    if wish.role_type:
        q &= Q(role_type=wish.role_type)
    if wish.industry:
        q &= Q(industry=wish.industry)
    if wish.company:
        q &= Q(company__icontains=wish.company)
    if wish.city:
        q &= city_q(wish.city)
    return q


def wish_matches(*, owner, wishes: list[MeetWish], per_wish: int = MATCHES_PER_WISH) -> None:
    """Attach ``matches`` (the newest few) and ``match_count`` to each wish, in ONE query.

    For each wish the query computes a flag (1 when the profile fits), a row number among the
    rows sharing that flag and the total of flags, as window functions; only rows within the
    first ``per_wish`` of at least one wish come back.
    """
    for wish in wishes:
        wish.matches, wish.match_count = [], 0
    if not wishes:
        return
    order = [F("updated_at").desc(), F("pk").desc()]
    annotations, ranks = {}, []
    for i, wish in enumerate(wishes):
        condition = wish_q(wish)
        flag = (
            Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())
            if condition
            else Value(1, output_field=IntegerField())
        )
        annotations[f"w{i}_flag"] = flag
        annotations[f"w{i}_rank"] = Window(RowNumber(), partition_by=[flag], order_by=order)
        annotations[f"w{i}_count"] = Window(Sum(flag), output_field=IntegerField())
        ranks.append(
            Case(
                When(Exact(flag, 1), then=F(f"w{i}_rank")),
                default=Value(per_wish + 1),
                output_field=IntegerField(),
            )
        )
    best = ranks[0] if len(ranks) == 1 else Least(*ranks)
    rows = (
        listed_profiles()
        .exclude(user=owner)
        .annotate(**annotations)
        .annotate(best_rank=best)
        .filter(best_rank__lte=per_wish)
    )
    for profile in rows:
        for i, wish in enumerate(wishes):
            wish.match_count = getattr(profile, f"w{i}_count") or 0
            if getattr(profile, f"w{i}_flag") and getattr(profile, f"w{i}_rank") <= per_wish:
                wish.matches.append(profile)


def incoming_requests(user) -> QuerySet[Connection]:
    """Requests waiting for this member's answer (quietly expired ones drop out)."""
    return (
        Connection.objects.filter(
            recipient=user,
            status=ConnectionStatus.PENDING,
            created_at__gt=Connection.quiet_cutoff(),
            sender__is_active=True,
        )
        .select_related("sender", "sender__network_profile")
        .order_by("created_at", "pk")
    )


def my_incoming_request(user, pk: int) -> Connection:
    return get_object_or_404(incoming_requests(user), pk=pk)


def sent_requests(user) -> QuerySet[Connection]:
    """What this member asked for and is not yet connected through."""
    return (
        Connection.objects.filter(sender=user)
        .exclude(status=ConnectionStatus.ACCEPTED)
        .select_related("recipient")
        .order_by("-created_at", "-pk")
    )


def connections_of(user) -> QuerySet[Connection]:
    """Accepted connections, whichever side asked."""
    return (
        Connection.objects.filter(Q(sender=user) | Q(recipient=user))
        .filter(status=ConnectionStatus.ACCEPTED)
        .select_related("sender", "recipient")
        .order_by("-responded_at", "-pk")
    )


def connection_between(viewer, member) -> Connection | None:
    """The latest request between two members, either way, or None."""
    return (
        Connection.objects.filter(_connected_q(viewer.pk, member.pk))
        .order_by("-created_at", "-pk")
        .first()
    )
