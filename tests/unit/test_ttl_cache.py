"""TtlCache: one load per max age, shared by concurrent callers; failures are not cached."""

from __future__ import annotations

import asyncio

import pytest

from tortodelova.entrypoints.http.ttl_cache import TtlCache


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_reloads_only_after_the_max_age():
    ticks, loads = Ticks(), []

    async def load() -> int:
        loads.append(ticks.now)
        return len(loads)

    cache: TtlCache[int] = TtlCache(5.0, clock=ticks)
    assert [await cache.get(load) for _ in range(3)] == [1, 1, 1]
    ticks.now = 4.9
    assert await cache.get(load) == 1
    ticks.now = 5.0
    assert await cache.get(load) == 2
    assert loads == [0.0, 5.0]


async def test_concurrent_callers_share_one_load():
    calls = 0

    async def load() -> str:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.01)
        return "value"

    cache: TtlCache[str] = TtlCache(0.0)  # even with no caching at all, a burst costs one load
    assert await asyncio.gather(*(cache.get(load) for _ in range(10))) == ["value"] * 10
    assert calls == 1


async def test_a_failed_load_is_not_cached():
    attempts = 0

    async def flaky() -> str:
        nonlocal attempts
        attempts += 1
        if attempts == 1:
            raise ConnectionError("down")
        return "up"

    cache: TtlCache[str] = TtlCache(60.0)
    with pytest.raises(ConnectionError):
        await cache.get(flaky)
    assert await cache.get(flaky) == "up" and attempts == 2
