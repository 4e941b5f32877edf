"""Django's Redis cache, with one Redis client per server instead of one per operation.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache call, and
redis-py fills a table of about 170 response callbacks each time it builds one: about 0.3 ms of
CPU per call. A signed-in page reads its session and its versions through the cache on every
request, so that was a tenth of a cached page's whole cost. A ``redis.Redis`` is only a front to
its connection pool and is safe to share, so each pool gets one, built on first use.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


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
    """``BACKEND = "guanxi.cache.RedisCache"``: Django's Redis cache, reusing its clients."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
