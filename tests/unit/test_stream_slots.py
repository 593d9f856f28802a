"""StreamSlots: a slot per open stream, given back however the stream ends."""

from __future__ import annotations

import gc
import uuid
from collections.abc import AsyncIterator

import pytest

from tortodelova.domain.errors import TooManyStreams
from tortodelova.entrypoints.http.streaming.stream_slots import StreamSlots

USER, OTHER = uuid.uuid4(), uuid.uuid4()


async def numbers(n: int, fail: bool = False) -> AsyncIterator[int]:
    for i in range(n):
        yield i
    if fail:
        raise ConnectionError("gone")


async def test_the_cap_is_per_user_and_slots_come_back_at_the_end():
    slots = StreamSlots(per_user=2)
    first, second = slots.hold(USER, numbers(2)), slots.hold(USER, numbers(1))
    with pytest.raises(TooManyStreams) as err:
        slots.hold(USER, numbers(1))
    assert "не более 2" in err.value.message
    slots.hold(OTHER, numbers(1))  # another user's cap is their own
    assert [i async for i in first] == [0, 1]  # exhausted: its slot is free again
    assert slots.open_for(USER) == 1
    await second.aclose()  # closed early
    assert slots.open_for(USER) == 0


async def test_a_failing_or_never_iterated_stream_gives_its_slot_back():
    slots = StreamSlots(per_user=1)
    failing = slots.hold(USER, numbers(1, fail=True))
    with pytest.raises(ConnectionError):
        async for _ in failing:
            pass
    assert slots.open_for(USER) == 0

    abandoned = slots.hold(USER, numbers(1))  # e.g. the client left before the response started
    del abandoned
    gc.collect()
    assert slots.open_for(USER) == 0
    slots.hold(USER, numbers(1))


async def test_zero_means_no_cap():
    slots = StreamSlots(per_user=0)
    held = [slots.hold(USER, numbers(1)) for _ in range(50)]
    assert len(held) == 50
