from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.system import Clock


@dataclass(frozen=True, slots=True)
class TokenRetention:
    """How long expired and revoked refresh tokens are kept (REFRESH_TOKEN_RETENTION_HOURS)."""

    period: timedelta


class PurgeRefreshTokens:
    """Delete refresh tokens that expired or were revoked more than `retention` ago.

    Each refresh rotates its token and revokes the old one, so the table only grows without this.
    A revoked token is kept for the retention window because presenting it again is how a stolen
    copy is detected (the whole login is revoked); after the window it is simply unknown.
    """

    def __init__(self, *, uow: UnitOfWork, clock: Clock, retention: TokenRetention) -> None:
        self.uow, self.clock, self.retention = uow, clock, retention.period

    async def __call__(self) -> int:
        async with self.uow as uow:
            deleted = await uow.refresh_tokens.delete_stale(self.clock.now() - self.retention)
            await uow.commit()
        return deleted
