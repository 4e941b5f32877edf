"""The Redis cache backend that reuses its Redis client (guanxi.cache)."""

import pytest
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from guanxi.cache import RedisCache

URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_cache():
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(URL, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379 (.ci/run starts one)")
    cache = RedisCache(URL, {"KEY_PREFIX": "guanxi-cache-test"})
    cache.clear()
    yield cache
    cache.clear()


def test_every_call_goes_through_one_client(redis_cache, monkeypatch):
    import redis

    built = []
    original = redis.Redis.__init__

    def counting_init(self, *args, **kwargs):
        built.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counting_init)
    redis_cache.set("a", 1)
    redis_cache.get("a")
    redis_cache.get_many(["a", "b"])
    redis_cache.add("b", 2)
    assert built == []  # the fixture's clear() built the one client, before counting began
    # Django's own client builds one per call: the difference this backend exists for.
    django_cache = DjangoRedisCache(URL, {"KEY_PREFIX": "guanxi-cache-test"})
    django_cache.get("a")
    django_cache.get("a")
    assert len(built) == 2


def test_it_behaves_as_djangos_redis_cache(redis_cache):
    assert redis_cache.get("missing", "default") == "default"
    redis_cache.set("member", {"name": "林怡君"}, timeout=60)
    assert redis_cache.get("member") == {"name": "林怡君"}
    assert redis_cache.add("member", "other") is False
    assert redis_cache.add("version", 7, timeout=None) is True
    assert redis_cache.incr("version") == 8
    redis_cache.set_many({"x": 1, "y": 2})
    assert redis_cache.get_many(["x", "y", "z"]) == {"x": 1, "y": 2}
    assert redis_cache.delete("x") is True
    redis_cache.delete_many(["y", "member"])
    assert redis_cache.get_many(["x", "y", "member"]) == {}
