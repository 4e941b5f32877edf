"""Django's Redis cache, with one client per server, that keeps the site up when Redis is not.

**One client.** Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every
cache call, and redis-py fills a table of about 170 response callbacks each time it builds one:
about 0.3 ms of CPU per call. A ``redis.Redis`` is only a front to its connection pool and is
safe to share, so each pool gets one, built on first use.

**Redis away.** Nothing the pages need lives only in Redis: sessions are in the database (Redis
holds copies), rate-limit counters can be kept elsewhere. So when
Redis does not answer (refused, timed out), a call goes to the cache named by the ``FALLBACK``
option (the database cache, for rate limits) or to no cache at all (sessions, read
from the database), and Redis is left alone for ``retry_after`` seconds before it is tried
again. Each key written while Redis was away is remembered and deleted from Redis before Redis
is used again: a copy it kept from before (a session since logged out, a counter) is never
read back. Calls fail fast: half a second to connect or answer, no retries.

**Counting on every backend.** Rate limits count with ``add`` and ``incr``: atomic in Redis
(``INCR``), and atomic in the database cache too (``DatabaseCache`` below), which is where they
count without Redis or while it is away.
"""

import base64
import logging
import pickle
import threading
import time

import redis
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient
from django.db import connections, models, router, transaction
from django.utils.timezone import now as tz_now
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger("guanxi.cache")

UNAVAILABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
MAX_REMEMBERED = 100_000


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """``BACKEND = "guanxi.cache.RedisCache"``, ``OPTIONS = {"FALLBACK": "<alias>"}``."""

    retry_after = 2.0

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self._fallback_alias = options.pop("FALLBACK", None)
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        options.setdefault("retry", Retry(NoBackoff(), 0))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = RedisCacheClient
        self._down_until = 0.0
        self._lock = threading.Lock()
        self._written_while_away: set[tuple[str, int | None]] = set()
        self._cleared_while_away = False

    @property
    def _fallback(self):
        return caches[self._fallback_alias] if self._fallback_alias else DummyCache("", {})

    def _call(self, name, written, key_version, *args, **kwargs):
        if time.monotonic() >= self._down_until:
            try:
                self._forget_what_was_written_while_away()
                return getattr(super(), name)(*args, **kwargs)
            except UNAVAILABLE as error:
                if not self._down_until:
                    logger.warning("Redis unavailable (%s); using %s", error, self._fallback_alias)
                self._down_until = time.monotonic() + self.retry_after
        if written is not None:
            with self._lock:
                if len(self._written_while_away) < MAX_REMEMBERED:
                    self._written_while_away.update((key, key_version) for key in written)
                else:
                    self._cleared_while_away = True  # too many to list: forget them all
        return getattr(self._fallback, name)(*args, **kwargs)

    def _forget_what_was_written_while_away(self):
        if not (self._down_until or self._written_while_away or self._cleared_while_away):
            return
        with self._lock:
            written, cleared = set(self._written_while_away), self._cleared_while_away
        if cleared:
            super().clear()
        by_version: dict[int | None, list[str]] = {}
        for key, version in written:
            by_version.setdefault(version, []).append(key)
        for version, keys in by_version.items():
            super().delete_many(keys, version=version)
        with self._lock:
            self._written_while_away -= written
            self._cleared_while_away = self._cleared_while_away and not cleared
        if self._down_until:
            logger.warning("Redis is back; %d keys written meanwhile were dropped", len(written))
        self._down_until = 0.0

    # Reads.

    def get(self, key, default=None, version=None):
        return self._call("get", None, version, key, default, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", None, version, keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", None, version, key, version=version)

    # Writes.

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", [key], version, key, value, timeout, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", [key], version, key, value, timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", [key], version, key, timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", [key], version, key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", [key], version, key, delta, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), version, data, timeout, version=version)

    def delete_many(self, keys, version=None):
        keys = list(keys)
        return self._call("delete_many", keys, version, keys, version=version)

    def clear(self):
        if time.monotonic() < self._down_until:
            self._cleared_while_away = True
        return self._call("clear", [], None)


class DatabaseCache(DjangoDatabaseCache):
    """Django's database cache with an ``incr`` that counts every call, whatever runs at once.

    Django's ``incr`` reads the value and writes it back: two web processes that count the
    same rate limit at once both read 4 and both write 5. Here the row is read ``FOR UPDATE``
    (PostgreSQL) inside a transaction, so a second ``incr`` of the key waits for the first; on
    SQLite the transaction itself takes the write lock (``transaction_mode = IMMEDIATE``)."""

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote_name = connection.ops.quote_name
        table, cache_key = quote_name(self._table), quote_name("cache_key")
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote_name('value')}, {quote_name('expires')} FROM {table} "  # noqa: S608
                f"WHERE {cache_key} = %s{lock}",
                [key],
            )
            row = cursor.fetchone()
            if row is None or self._expired(row[1], connection):
                raise ValueError(f"Key '{key}' not found")
            value = connection.ops.process_clob(row[0])
            value = pickle.loads(base64.b64decode(value.encode())) + delta  # noqa: S301
            pickled = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {quote_name('value')} = %s WHERE {cache_key} = %s",  # noqa: S608
                [pickled, key],
            )
        return value

    @staticmethod
    def _expired(expires, connection) -> bool:
        expression = models.Expression(output_field=models.DateTimeField())
        for converter in connection.ops.get_db_converters(
            expression
        ) + expression.get_db_converters(connection):
            expires = converter(expires, expression, connection)
        return expires < tz_now()
