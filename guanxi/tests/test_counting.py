"""Rate limits count every attempt, however many web processes count at once (guanxi/cache.py):
threads, each with its own database connection, stand in for the processes."""

import threading

import pytest
from django.core.cache import caches
from django.db import connection, connections

from guanxi.ratelimit import Limit, hit

THREADS, EACH = 8, 25


def _at_once(work) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def run():
        try:
            start.wait()
            for _ in range(EACH):
                work()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.fixture
def concurrent_database(transactional_db):
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite lets one writer in at a time (transaction_mode IMMEDIATE), and the in-memory "
            "test database cannot be opened by several connections; run with DATABASE_URL"
        )


@pytest.mark.parametrize("alias", ["database", "default"])
def test_increments_made_at_once_are_all_counted(concurrent_database, alias):
    cache = caches[alias]
    cache.delete("counting-test")
    assert cache.add("counting-test", 0, timeout=60)
    assert _at_once(lambda: cache.incr("counting-test")) == []
    assert cache.get("counting-test") == THREADS * EACH
    cache.delete("counting-test")


def test_a_limit_lets_exactly_its_count_through_when_hit_at_once(concurrent_database):
    limit = Limit("counting-test", count=50, seconds=3600)
    allowed = []
    lock = threading.Lock()

    def attempt():
        refused = hit(limit, "someone")
        if not refused:
            with lock:
                allowed.append(1)

    assert _at_once(attempt) == []
    assert len(allowed) == limit.count  # 200 attempts, 50 let through: none lost, none extra
    caches["default"].clear()


def test_the_database_cache_counts_with_a_locked_row(db):
    assert caches["database"].__class__.__module__ == "guanxi.cache"
    with pytest.raises(ValueError):
        caches["database"].incr("never-added")
