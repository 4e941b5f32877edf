"""Fixed-window rate limits kept in the shared cache (database or Redis), so every web process
sees the same counts. Times come from django.utils.timezone, so tests can move the clock.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    seconds: int


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or the configured proxy header when behind a proxy.

    ``TRUSTED_PROXY_HEADER`` (e.g. ``HTTP_X_FORWARDED_FOR``) is only read when set, and
    ``TRUSTED_PROXY_COUNT`` says how many proxies append to it: the address that many places
    from the right is the one our own proxy saw, which a client cannot forge.
    """
    header = settings.TRUSTED_PROXY_HEADER
    if header:
        values = [v.strip() for v in request.META.get(header, "").split(",") if v.strip()]
        if len(values) >= settings.TRUSTED_PROXY_COUNT:
            return values[-settings.TRUSTED_PROXY_COUNT]
    return request.META.get("REMOTE_ADDR", "")


def _window_key(limit: Limit, key: str) -> tuple[str, int]:
    now = int(timezone.now().timestamp())
    window = now // limit.seconds
    return f"rl:{limit.name}:{key}:{window}", limit.seconds - (now % limit.seconds)


def retry_after(limit: Limit) -> int:
    """Seconds until the current window of ``limit`` ends: a refused client's Retry-After."""
    return _window_key(limit, "")[1]


def is_limited(limit: Limit, key: str) -> bool:
    cache_key, _ = _window_key(limit, key)
    return (cache.get(cache_key) or 0) >= limit.count


def hit(limit: Limit, key: str) -> bool:
    """Count one attempt; True when the limit was already reached (the attempt is refused)."""
    cache_key, ttl = _window_key(limit, key)
    if cache.add(cache_key, 1, timeout=ttl + 1):
        return False
    try:
        count = cache.incr(cache_key)
    except ValueError:
        cache.set(cache_key, 1, timeout=ttl + 1)
        return False
    return count > limit.count
