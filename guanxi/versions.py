"""Versions of what shared pages show, kept in the shared cache (Redis in production).

A page that every member sees the same way (the company list, a company's page, the member
directory) is kept rendered under its version (``{% fragment version %}``); the services move the
version in the transaction of every change the page shows. A version is a time in nanoseconds,
so one that was lost (a flushed cache) is never handed out again.
"""

import time

from django.core.cache import cache
from django.db import transaction


def version_of(key: str) -> int:
    version = cache.get(key)
    if version is None:
        version = time.time_ns()
        cache.add(key, version, timeout=None)
    return version


def versions_move(*keys: str) -> None:
    """Move these versions at once and again when the transaction commits, so a page rendered
    from the old rows in between is not the one kept."""
    if not keys:
        return

    def move():
        cache.set_many(dict.fromkeys(keys, time.time_ns()), timeout=None)

    move()
    transaction.on_commit(move)
