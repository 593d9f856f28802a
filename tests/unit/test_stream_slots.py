"""StreamSlots: a slot per open stream, given back however the stream ends, renewed while it is open."""

from __future__ import annotations

import asyncio
import gc
import uuid
from collections.abc import AsyncIterator

import pytest

from tests.support.clock import FakeClock
from tortodelova.adapters.memory.limits import MemoryLimitCounter
from tortodelova.domain.errors import TooManyStreams
from tortodelova.entrypoints.http.streaming.stream_slots import StreamSlots

USER, OTHER = uuid.uuid4(), uuid.uuid4()


async def numbers(n: int, fail: bool = False) -> AsyncIterator[int]:
    for i in range(n):
        yield i
    if fail:
        raise ConnectionError("gone")


def slots_of(per_user: int, clock: FakeClock | None = None, ttl_s: float = 60) -> StreamSlots:
    return StreamSlots(MemoryLimitCounter(clock or FakeClock()), per_user, ttl_s)


async def test_the_cap_is_per_user_and_slots_come_back_at_the_end():
    slots = slots_of(per_user=2)
    first, second = await slots.hold(USER, numbers(2)), await slots.hold(USER, numbers(1))
    with pytest.raises(TooManyStreams) as err:
        await slots.hold(USER, numbers(1))
    assert "не более 2" in err.value.message
    await slots.hold(OTHER, numbers(1))  # another user's cap is their own
    assert [i async for i in first] == [0, 1]  # exhausted: its slot is free again
    await slots.settled()
    assert await slots.open_for(USER) == 1
    await second.aclose()  # closed early
    await slots.settled()
    assert await slots.open_for(USER) == 0
    await slots.close()


async def test_a_failing_or_never_iterated_stream_gives_its_slot_back():
    slots = slots_of(per_user=1)
    failing = await slots.hold(USER, numbers(1, fail=True))
    with pytest.raises(ConnectionError):
        async for _ in failing:
            pass
    await slots.settled()
    assert await slots.open_for(USER) == 0

    abandoned = await slots.hold(USER, numbers(1))  # e.g. the client left before the response started
    del abandoned
    gc.collect()
    await slots.settled()
    assert await slots.open_for(USER) == 0
    await slots.hold(USER, numbers(1))
    await slots.close()


async def test_open_streams_keep_their_slots_and_a_dead_process_s_slots_expire():
    clock = FakeClock()
    counter = MemoryLimitCounter(clock)
    alive = StreamSlots(counter, per_user=2, ttl_s=0.3)
    held = await alive.hold(USER, numbers(1))
    # A slot another process took before it died: nothing renews it, nothing gives it back.
    assert (await counter.hit((alive.window, str(USER)))).admitted
    for _ in range(3):  # three renewal periods later, a whole slot lifetime has passed
        clock.advance(0.1)
        await asyncio.sleep(0.15)
    assert await alive.open_for(USER) == 1  # the open stream's slot was renewed, the dead one's expired
    await alive.hold(USER, numbers(1))
    with pytest.raises(TooManyStreams):
        await alive.hold(USER, numbers(1))
    await held.aclose()
    await alive.close()
    assert await alive.open_for(USER) == 0  # shutting down gives the process's slots back


async def test_zero_means_no_cap():
    slots = slots_of(per_user=0)
    held = [await slots.hold(USER, numbers(1)) for _ in range(50)]
    assert len(held) == 50
    await slots.close()
