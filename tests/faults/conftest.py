"""Fixtures for fault tests: a private PostgreSQL and a private Redis per test.

Every test in this folder is marked ``faults`` (``-m "not faults"`` leaves them out); they run
in the normal suite and are skipped when the server binaries are missing.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest

from .servers import PrivatePostgres, PrivateRedis, postgres_missing, redis_missing

HERE = Path(__file__).resolve().parent


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "faults: start and stop private PostgreSQL/Redis servers (tests/faults)"
    )


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.faults)


@pytest.fixture
def private_postgres() -> Iterator[PrivatePostgres]:
    """A started PostgreSQL of this test's own (superuser ``postgres``, trust auth)."""
    if reason := postgres_missing():
        pytest.skip(reason)
    server = PrivatePostgres()
    try:
        server.start()
        yield server
    finally:
        server.cleanup()


@pytest.fixture
def private_redis() -> Iterator[PrivateRedis]:
    """A started redis-server of this test's own, in memory only."""
    if reason := redis_missing():
        pytest.skip(reason)
    server = PrivateRedis()
    try:
        server.start()
        yield server
    finally:
        server.cleanup()
