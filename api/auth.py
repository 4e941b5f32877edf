"""Who is asking: a personal access token in ``Authorization: Bearer <token>``, and nothing else.

The API reads no session cookie, so a page's cookies can never act through it and there is no
CSRF to guard against. Once the token is known, its member's language is switched on for the
request (errors and labels read as their pages do), and the token's requests are counted
against its rate limit.
"""

import zoneinfo

from django.conf import settings
from django.utils import timezone, translation
from ninja.security import HttpBearer

from api.errors import InvalidToken, RateLimited, read_only_token
from api.services import access_token_authenticate
from guanxi.ratelimit import Limit, hit, retry_after


def api_limit() -> Limit:
    return Limit("api", settings.API_REQUESTS_PER_MINUTE, 60)


class TokenAuth(HttpBearer):
    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if not header:
            return None  # ninja answers 401: no credentials
        scheme, _space, raw = header.partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            raise InvalidToken()
        return self.authenticate(request, raw.strip())

    def authenticate(self, request, token):
        access = access_token_authenticate(raw=token)
        if access is None:
            raise InvalidToken()
        member = access.member
        if member.language:
            translation.activate(member.language)
            request.LANGUAGE_CODE = member.language
        # Times without an offset are read in the member's zone, as their pages' forms do
        # (MemberPreferencesMiddleware switches it off again after the response).
        try:
            timezone.activate(zoneinfo.ZoneInfo(member.time_zone or settings.TIME_ZONE))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        limit = api_limit()
        if hit(limit, str(access.pk)):
            raise RateLimited(retry_after(limit))
        request.access_token = access
        return member


def require_write(request) -> None:
    """Refuse (403) a token that may only read. Called once the object acted on was found in
    the member's own (so another member's object is a 404 whatever the token may do)."""
    if not request.access_token.can_write:
        raise read_only_token()
