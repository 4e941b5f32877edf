from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from api.models import AccessToken


def tokens_of(member) -> QuerySet[AccessToken]:
    """A member's tokens, newest first (revoked ones too: they show when they were revoked)."""
    return AccessToken.objects.filter(member=member).order_by("-created_at", "-pk")


def token_of(member, pk: int) -> AccessToken:
    return get_object_or_404(tokens_of(member), pk=pk)
