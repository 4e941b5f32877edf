"""Bench only: how often the kept-page and fragment caches answered, request by request.

``CountingLocMemCache`` is the fragments cache of the normal settings (``caches["fragments"]``,
each process's own memory) that also counts its lookups by the kind of key: ``page:`` for a
kept page (``guanxi.kept_pages``), ``fragment:`` for a ``{% fragment %}``. The counts are the
current request's (``CacheCountMiddleware`` starts them and sends them back in an
``X-Bench-Cache`` header, e.g. ``page=0/1 fragment=3/5``: hits/lookups), so the load generator
adds them up per page kind without asking the server's processes for anything afterwards.
"""

from __future__ import annotations

import threading

from django.core.cache.backends.locmem import LocMemCache

_MISSING = object()
_local = threading.local()


def start() -> None:
    """Forget the counts of the previous request on this thread."""
    _local.counts = {}


def record(kind: str, hit: bool) -> None:
    counts = getattr(_local, "counts", None)
    if counts is None:
        counts = _local.counts = {}
    tally = counts.setdefault(kind, [0, 0])
    tally[0] += hit
    tally[1] += 1


def header() -> str:
    """``page=hits/lookups fragment=hits/lookups`` for this request (zeros when none)."""
    counts = getattr(_local, "counts", None) or {}
    for kind in ("page", "fragment"):
        counts.setdefault(kind, [0, 0])
    return " ".join(f"{kind}={h}/{n}" for kind, (h, n) in sorted(counts.items()))


class CountingLocMemCache(LocMemCache):
    def get(self, key, default=None, version=None):
        value = super().get(key, _MISSING, version)
        record(str(key).split(":", 1)[0], value is not _MISSING)
        return default if value is _MISSING else value
