"""One value shared by every request of this process, reloaded at most every `max_age_s` seconds.

Single flight: while one caller reloads, the others wait for that load instead of starting their
own, so a burst of requests costs one load. A failed load is not cached (the next caller retries).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class TtlCache(Generic[T]):
    def __init__(self, max_age_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.max_age_s, self.clock = max_age_s, clock
        self._value: T | None = None
        self._loaded_at: float | None = None
        self._lock = asyncio.Lock()

    def _fresh(self) -> bool:
        return self._loaded_at is not None and self.clock() - self._loaded_at < self.max_age_s

    async def get(self, load: Callable[[], Awaitable[T]]) -> T:
        if self._fresh():
            return self._value  # type: ignore[return-value]
        started = self.clock()
        async with self._lock:
            # Someone loaded while we waited for the lock: that load is as recent as ours would be.
            if self._loaded_at is not None and self._loaded_at >= started or self._fresh():
                return self._value  # type: ignore[return-value]
            value = await load()
            self._value, self._loaded_at = value, self.clock()
            return value
