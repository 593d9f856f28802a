"""The counters behind the abuse limits and the event-stream caps, shared by every API process.

A `Window` allows `limit` hits per key within `seconds`; each hit expires by itself `seconds` after it
was recorded. `hit` checks and records in one step, over several windows at once: when every window
has room, one hit is recorded in each; when one is full, nothing is, and the answer says how long
until it would have room. Concurrent calls, from any process, never let more through than the limit.

A stream slot is a hit whose holder keeps pushing its expiry back (`renew`) while the stream is open
and gives it back (`withdraw`) when the stream ends; the slots of a process that died expire.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Window:
    name: str  # what is counted ("login-account", "streams"...): each window its own name
    limit: int  # hits per key within `seconds`; 0 = no limit (nothing is recorded)
    seconds: float


@dataclass(frozen=True, slots=True)
class Admission:
    """What `hit` decided: admitted with the hits it recorded, or refused for `retry_after` seconds."""

    hits: tuple[int, ...] = ()
    retry_after: int | None = None

    @property
    def admitted(self) -> bool:
        return self.retry_after is None


class LimitCounter(Protocol):
    async def hit(self, *counted: tuple[Window, str]) -> Admission:
        """One hit on each (window, key), all or none: refused (recording nothing) when any is full."""
        ...

    async def withdraw(self, hits: Sequence[int]) -> None:
        """Takes these hits back (a success that should not count, a stream that ended)."""
        ...

    async def renew(self, hits: Sequence[int], seconds: float) -> None:
        """These hits, if still there, now expire `seconds` from now (an open stream's slots)."""
        ...

    async def forget(self, window: Window, key: str) -> None:
        """Every hit of `key` in `window` (an account's failed logins, after its owner got in)."""
        ...

    async def current(self, window: Window, key: str) -> int:
        """How many unexpired hits `key` holds in `window`."""
        ...

    async def sweep(self) -> int:
        """Deletes every expired hit (keys no one hits any more); returns how many."""
        ...
