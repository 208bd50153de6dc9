"""Django's Redis cache backend, with one client per connection pool instead of one per operation.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` for every cache call, and redis-py fills
~170 response callbacks in that constructor: about 0.15 ms of CPU per call, more than the call itself on
loopback. A client is only a handle on the pool (the pool hands out connections per command, thread-safe),
so one per pool behaves the same and costs nothing per call.
"""

from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class SharedRedisCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        django_client: Any = self  # the stubs do not declare the private helpers used below
        index = django_client._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = django_client._get_connection_pool(write)
            client = self._clients[index] = django_client._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = SharedRedisCacheClient


def cache_is_shared() -> bool:
    """Whether every web and task process sees the same cache (Redis), so that dropping a value in one
    process drops it for all; the per-process memory cache of the demo and the tests does not."""
    return bool(settings.CQDT_CACHE_URL)


def count_in_window(key: str, window: int, *, backend: BaseCache | None = None) -> int:
    """Count one event under `key` in a fixed window of `window` seconds that starts at its first event;
    return the count so far. On Redis one round trip (INCR, then EXPIRE NX in the same transaction) where
    Django's `incr` costs two (EXISTS, INCR) and a new window two more."""
    backend = backend or caches["default"]
    if isinstance(backend, RedisCache):
        client = backend._cache.get_client(write=True)
        stored = backend.make_and_validate_key(key)
        transaction = client.pipeline()
        transaction.incr(stored)
        transaction.expire(stored, window, nx=True)
        incremented, _ = transaction.execute()
        return int(incremented)
    try:
        return backend.incr(key)
    except ValueError:
        if backend.add(key, 1, timeout=window):
            return 1
        return backend.incr(key)  # another process opened the window first
