"""Time, identifiers and randomness: injected so tests can fix them."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID


class Clock(Protocol):
    def now(self) -> datetime: ...


class IdGenerator(Protocol):
    def new(self) -> UUID: ...


class SeedSource(Protocol):
    def random_seed(self) -> int: ...
