"""Personal access tokens: made, revoked, and checked on every API request."""

import hashlib
import hmac
import secrets
import string
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import TOKEN_PREFIX, AccessToken, Scope

# The token's public part: ten characters of [a-z0-9], about 52 bits, unique per token.
KEY_ID_LENGTH = 10
KEY_ID_ALPHABET = string.ascii_lowercase + string.digits
# The secret: 32 random bytes (256 bits), URL-safe base64.
SECRET_BYTES = 32
# A token's last use is written at most this often: not one write per request.
LAST_USED_PRECISION = timedelta(minutes=1)


class TokenError(Exception):
    """A refused change to a member's tokens; ``str(error)`` is a translated sentence."""


def token_hash(raw: str) -> str:
    """SHA-256 of the whole token. A token is 256 random bits, so a fast hash is enough: there
    is nothing to guess that a slow one would protect."""
    return hashlib.sha256(raw.encode()).hexdigest()


def _new_key_id() -> str:
    return "".join(secrets.choice(KEY_ID_ALPHABET) for _ in range(KEY_ID_LENGTH))


@transaction.atomic
def access_token_create(*, member, name: str, scope: str) -> tuple[AccessToken, str]:
    """Make a token for ``member``: the row, and the token itself, which is never stored and
    must be shown to the member now."""
    name = name.strip()
    if not name:
        raise TokenError(_("Please give the token a name, so you can tell it apart later."))
    if scope not in Scope.values:
        raise TokenError(_("Please choose what the token may do."))
    # Lock the member's row: two requests at once cannot both pass the cap.
    get_user_model().objects.select_for_update().filter(pk=member.pk).first()
    active = AccessToken.objects.filter(member=member, revoked_at__isnull=True).count()
    if active >= settings.API_TOKENS_PER_MEMBER:
        raise TokenError(
            _("You have %(count)d tokens, the most allowed. Revoke one you no longer use first.")
            % {"count": active}
        )
    key_id = _new_key_id()
    while AccessToken.objects.filter(key_id=key_id).exists():
        key_id = _new_key_id()
    raw = f"{TOKEN_PREFIX}{key_id}_{secrets.token_urlsafe(SECRET_BYTES)}"
    token = AccessToken.objects.create(
        member=member, name=name[:80], scope=scope, key_id=key_id, key_hash=token_hash(raw)
    )
    return token, raw


def access_token_revoke(*, token: AccessToken) -> AccessToken:
    """Revoke the token at once; revoking it again changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        AccessToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=token.revoked_at
        )
    return token


def access_tokens_revoke(*, tokens: QuerySet[AccessToken]) -> int:
    """Revoke every active token of ``tokens`` at once (the admin's action); how many were."""
    return tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def _key_id_of(raw: str) -> str | None:
    if not raw.startswith(TOKEN_PREFIX):
        return None
    key_id, separator, secret = raw[len(TOKEN_PREFIX) :].partition("_")
    if len(key_id) != KEY_ID_LENGTH or not separator or not secret:
        return None
    return key_id


def access_token_authenticate(*, raw: str, now=None) -> AccessToken | None:
    """The active token ``raw`` is, with its member loaded; None for anything else (unknown,
    wrong secret, revoked, or its member suspended).

    One query finds the row by its public key ID; the hashes are compared in constant time. Its
    last use is recorded at most once a minute, by a conditional update, so a busy client does
    not write on every request.
    """
    key_id = _key_id_of(raw)
    if key_id is None:
        return None
    token = AccessToken.objects.select_related("member").filter(key_id=key_id).first()
    if token is None or not hmac.compare_digest(token.key_hash, token_hash(raw)):
        return None
    if token.revoked_at is not None or not token.member.is_active:
        return None
    now = now or timezone.now()
    if token.last_used_at is None or token.last_used_at <= now - LAST_USED_PRECISION:
        AccessToken.objects.filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_PRECISION),
            pk=token.pk,
        ).update(last_used_at=now)
        token.last_used_at = now
    return token
