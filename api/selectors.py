from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from api.models import AccessToken


def tokens_of(member) -> QuerySet[AccessToken]:
    """A member's tokens, newest first (revoked ones too: they show when they were revoked)."""
    return AccessToken.objects.filter(member=member).order_by("-created_at", "-pk")


def token_of(member, pk: int) -> AccessToken:
    return get_object_or_404(tokens_of(member), pk=pk)


def tokens_exported(member) -> list[dict]:
    """A member's tokens in their data export (``workflows.members.member_export``): what the
    tokens page shows of each, revoked ones too; never the hash."""
    return [
        {
            "name": token.name,
            "scope": token.scope,
            "token_start": token.hint,
            "created_at": token.created_at,
            "last_used_at": token.last_used_at,
            "revoked_at": token.revoked_at,
        }
        for token in tokens_of(member)
    ]
