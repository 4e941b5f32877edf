"""The private servers of tests/faults: up, down, killed and back, never the shared ones."""

import socket

import psycopg
import pytest
import redis

from . import servers
from .servers import PrivatePostgres, migrate_database


def _count(pg: PrivatePostgres) -> int:
    with pg.connect("faults") as conn:
        return conn.execute("SELECT count(*) FROM t").fetchone()[0]


def test_postgres_stop_and_start_keep_data_and_port(private_postgres):
    pg = private_postgres
    assert pg.port not in (5432, 0)
    assert pg.create_database("faults") == f"postgres://postgres@127.0.0.1:{pg.port}/faults"
    with pg.connect("faults") as conn:
        conn.execute("CREATE TABLE t (x int)")
        conn.execute("INSERT INTO t VALUES (1), (2)")

    pg.stop()
    assert not pg.running()
    with pytest.raises(psycopg.OperationalError):
        pg.connect("faults")
    pg.stop()  # stopping a stopped server is harmless

    pg.start()
    assert _count(pg) == 2

    pg.stop("immediate")
    with pytest.raises(psycopg.OperationalError):
        pg.connect("faults")
    pg.start()
    assert _count(pg) == 2


def test_postgres_kill_leaves_nothing_and_restarts(private_postgres):
    pg = private_postgres
    pg.create_database("faults")
    with pg.connect("faults") as conn:
        conn.execute("CREATE TABLE t (x int)")
        conn.execute("INSERT INTO t VALUES (1)")
    held = pg.connect("faults")  # a backend that the crash must take down too
    postmaster = pg.process.pid

    pg.kill()
    assert not servers._alive(postmaster)
    with pytest.raises(psycopg.OperationalError):
        held.execute("SELECT 1")
    held.close()
    with pytest.raises(psycopg.OperationalError):
        pg.connect("faults")
    pg.stop()  # stopping a killed server is harmless
    pg.kill()

    pg.start()  # crash recovery; committed rows survive a killed server
    assert _count(pg) == 1


def test_postgres_cleanup_ends_processes_and_files():
    if reason := servers.postgres_missing():
        pytest.skip(reason)
    with PrivatePostgres() as pg:
        pg.start()
        postmaster = pg.process.pid
        assert servers._alive(postmaster)
    assert not servers._alive(postmaster)
    assert not pg.dir.exists()
    assert pg not in servers._LIVE


def test_migrate_into_a_private_database(private_postgres):
    url = private_postgres.create_database("guanxi")
    seconds = migrate_database(url)
    with private_postgres.connect("guanxi") as conn:
        applied = conn.execute("SELECT count(*) FROM django_migrations").fetchone()[0]
    assert applied > 0
    print(f"migrate took {seconds:.1f}s ({applied} migrations)")


def test_redis_up_down_killed_and_back(private_redis):
    r = private_redis
    assert r.port not in (6379, 0)
    assert r.url(2) == f"redis://127.0.0.1:{r.port}/2"
    client = redis.Redis.from_url(r.url(), socket_timeout=1, socket_connect_timeout=1)
    client.set("k", "v")
    assert client.get("k") == b"v"

    r.stop()
    assert not r.running() and not r.ping()
    with pytest.raises(redis.ConnectionError):
        client.get("k")
    r.stop()

    r.start()
    assert r.ping()
    assert client.get("k") is None  # nothing is saved, so a restart starts empty

    r.kill()
    assert not r.ping()
    r.stop()  # stopping a killed server is harmless
    r.start()
    client.set("k", "again")
    assert client.get("k") == b"again"
    client.close()


def test_missing_binaries_are_reported(monkeypatch):
    monkeypatch.setattr(servers.glob, "glob", lambda pattern: [])
    monkeypatch.setattr(servers.shutil, "which", lambda name: None)
    assert "PostgreSQL" in servers.postgres_missing()
    assert "redis-server" in servers.redis_missing()


def test_free_port_is_free():
    port = servers.free_port()
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))
