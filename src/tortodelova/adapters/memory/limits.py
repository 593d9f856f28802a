"""LimitCounter in process memory: the PostgreSQL one's rules for the fast tests (one process only).
Each call runs without awaiting, so the event loop makes every check-and-record atomic."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from datetime import datetime, timedelta

from tortodelova.application.ports.limits import Admission, Window
from tortodelova.application.ports.system import Clock

_Key = tuple[str, str]


class MemoryLimitCounter:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._hits: dict[_Key, dict[int, datetime]] = {}  # (window name, key) -> hit id -> expiry
        self._ids = itertools.count(1)

    async def hit(self, *counted: tuple[Window, str]) -> Admission:
        limited = [(window, key) for window, key in counted if window.limit > 0]
        now = self.clock.now()
        waits = [self._wait(window, self._held((window.name, key), now), now) for window, key in limited]
        refused = [wait for wait in waits if wait is not None]
        if refused:
            return Admission(retry_after=max(refused))
        ids = []
        for window, key in limited:
            ids.append(next(self._ids))
            self._hits.setdefault((window.name, key), {})[ids[-1]] = now + timedelta(seconds=window.seconds)
        return Admission(hits=tuple(ids))

    def _held(self, key: _Key, now: datetime) -> list[datetime]:
        """The key's expiries, soonest first, after dropping the expired ones."""
        hits = self._hits.get(key, {})
        for hit in [h for h, expiry in hits.items() if expiry <= now]:
            del hits[hit]
        return sorted(hits.values())

    @staticmethod
    def _wait(window: Window, held: list[datetime], now: datetime) -> int | None:
        if len(held) < window.limit:
            return None
        room_at = held[len(held) - window.limit]
        return max(1, math.ceil((room_at - now).total_seconds()))

    async def withdraw(self, hits: Sequence[int]) -> None:
        for held in self._hits.values():
            for hit in hits:
                held.pop(hit, None)

    async def renew(self, hits: Sequence[int], seconds: float) -> None:
        until = self.clock.now() + timedelta(seconds=seconds)
        for held in self._hits.values():
            for hit in set(hits) & held.keys():
                held[hit] = until

    async def forget(self, window: Window, key: str) -> None:
        self._hits.pop((window.name, key), None)

    async def current(self, window: Window, key: str) -> int:
        return len(self._held((window.name, key), self.clock.now()))

    async def sweep(self) -> int:
        now, swept = self.clock.now(), 0
        for key in list(self._hits):
            before = len(self._hits[key])
            swept += before - len(self._held(key, now))
            if not self._hits[key]:
                del self._hits[key]
        return swept
