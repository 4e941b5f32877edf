"""Reads scoped to the member: a chat is visible to its two participants only."""

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from coffee.models import CoffeeChat, Status

PAST_LIMIT = 50


def chats_for(user) -> QuerySet[CoffeeChat]:
    return CoffeeChat.objects.filter(Q(proposer=user) | Q(invitee=user)).select_related(
        "proposer", "invitee"
    )


def chat_for(user, pk: int) -> CoffeeChat:
    return get_object_or_404(chats_for(user), pk=pk)


def chat_sections(user, now=None) -> dict[str, list[CoffeeChat]]:
    """The coffee page: proposals waiting for my answer, what is coming up, and the past.

    Three queries plus one for the offered times, whatever the number of chats.
    """
    now = now or timezone.now()
    mine = chats_for(user)
    to_answer = (
        mine.filter(status=Status.PROPOSED)
        .exclude(slots_by=user)
        .prefetch_related("slots")
        .order_by("created_at", "pk")
    )
    upcoming = (
        mine.filter(
            Q(status=Status.CONFIRMED, starts_at__gte=now)
            | Q(status=Status.PROPOSED, slots_by=user)
        )
        .prefetch_related("slots")
        .order_by(Coalesce("starts_at", "created_at"), "pk")
    )
    past = mine.filter(
        Q(status__in=[Status.HAPPENED, Status.CANCELLED])
        | Q(status=Status.CONFIRMED, starts_at__lt=now)
    ).order_by(Coalesce("starts_at", "updated_at").desc(), "-pk")[:PAST_LIMIT]
    return {"to_answer": list(to_answer), "upcoming": list(upcoming), "past": list(past)}
