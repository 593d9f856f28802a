"""System time, ids and randomness."""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class UuidGenerator:
    def new(self) -> uuid.UUID:
        return uuid.uuid4()


class RandomSeeds:
    def random_seed(self) -> int:
        return secrets.randbelow(2**32)
