"""The Redis cache backend against the local Redis server: same behaviour, one client per pool."""

import socket
import time
import uuid

import pytest

from cqdt.core.cache import RedisCache, count_in_window

REDIS_URL = "redis://127.0.0.1:6379/13"


def _redis_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


pytestmark = pytest.mark.skipif(not _redis_running(), reason="needs the Redis server on 127.0.0.1:6379")


@pytest.fixture
def cache():
    backend = RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield backend
    backend.clear()


def test_values_counters_and_expiry_behave_as_django_documents(cache):
    assert cache.get("snapshot") is None
    cache.set("snapshot", {"code": "000.00.30.H99-260101-0001", "status": 4}, timeout=60)
    assert cache.get("snapshot") == {"code": "000.00.30.H99-260101-0001", "status": 4}
    assert cache.add("attempts", 0, timeout=60) is True
    assert cache.add("attempts", 5, timeout=60) is False
    assert [cache.incr("attempts") for _ in range(3)] == [1, 2, 3]
    with pytest.raises(ValueError, match="not found"):
        cache.incr("missing")
    cache.delete_many(["snapshot", "attempts"])
    assert cache.get_many(["snapshot", "attempts"]) == {}
    cache.set("gone", 1, timeout=0)
    assert cache.get("gone") is None


def test_one_client_serves_every_call(cache):
    client = cache._cache.get_client(write=True)
    cache.set("a", 1)
    cache.get("a")
    assert cache._cache.get_client(write=True) is client
    assert cache._cache.get_client() is client  # a single server: reads and writes share the pool


def test_a_window_counts_in_one_round_trip_and_expires_from_its_first_event(cache):
    assert [count_in_window("tries", 2, backend=cache) for _ in range(3)] == [1, 2, 3]
    client = cache._cache.get_client(write=True)
    stored = cache.make_and_validate_key("tries")
    assert 0 < client.ttl(stored) <= 2
    client.persist(stored)  # as if the key had expired and been recreated by a bare INCR
    assert count_in_window("tries", 2, backend=cache) == 4
    assert 0 < client.ttl(stored) <= 2  # a window without an expiry gets one
    time.sleep(2.1)
    assert count_in_window("tries", 2, backend=cache) == 1
