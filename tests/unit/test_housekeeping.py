"""The API's housekeeping timers: the refresh-token purge runs periodically and survives failures; the
limit sweep deletes expired counts."""

from __future__ import annotations

import asyncio

from dishka import Provider, Scope, make_async_container, provide

from tests.support.clock import FakeClock
from tests.support.containers import instance
from tortodelova.adapters.memory.limits import MemoryLimitCounter
from tortodelova.application.ports.limits import LimitCounter, Window
from tortodelova.application.use_cases.accounts.purge_refresh_tokens import PurgeRefreshTokens
from tortodelova.entrypoints.http.housekeeping import LimitSweep, RefreshTokenPurge


class CountingPurge(PurgeRefreshTokens):
    def __init__(self, calls: list[int]) -> None:
        self.calls = calls

    async def __call__(self) -> int:
        self.calls.append(1)
        if len(self.calls) == 1:
            raise ConnectionResetError("the database restarted")  # the next round still runs
        return 2


def container_counting(calls: list[int]):  # noqa: ANN201
    class Purges(Provider):
        @provide(scope=Scope.REQUEST)
        def purge(self) -> PurgeRefreshTokens:
            return CountingPurge(calls)

    return make_async_container(Purges())


async def test_purges_on_a_timer_until_stopped():
    calls: list[int] = []
    container = container_counting(calls)
    housekeeping = RefreshTokenPurge(container, interval_s=0.01)
    await housekeeping.start()
    for _ in range(200):
        if len(calls) >= 3:
            break
        await asyncio.sleep(0.01)
    await housekeeping.stop()
    done = len(calls)
    assert done >= 3
    await asyncio.sleep(0.05)
    assert len(calls) == done  # stopped
    await container.close()


async def test_interval_zero_turns_it_off():
    calls: list[int] = []
    housekeeping = RefreshTokenPurge(container_counting(calls), interval_s=0)
    await housekeeping.start()
    await asyncio.sleep(0.05)
    await housekeeping.stop()
    assert calls == []


async def test_the_limit_sweep_deletes_the_counts_of_abandoned_keys():
    clock = FakeClock()
    counter = MemoryLimitCounter(clock)
    window = Window("register", 10, 60)
    await counter.hit((window, "203.0.113.1"))
    clock.advance(30)
    await counter.hit((window, "203.0.113.2"))
    sweep = LimitSweep(make_async_container(instance(LimitCounter, counter)), interval_s=60)
    assert await sweep.run_once() == 0
    clock.advance(31)  # the first key's hit has expired, the second's has not
    assert await sweep.run_once() == 1
    assert await counter.current(window, "203.0.113.2") == 1
