from __future__ import annotations

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.security import TokenService
from tortodelova.application.ports.system import Clock


class Logout:
    """Revoke the refresh-token family of this login. Unknown tokens are ignored (logout is idempotent)."""

    def __init__(self, *, uow: UnitOfWork, tokens: TokenService, clock: Clock) -> None:
        self.uow, self.tokens, self.clock = uow, tokens, clock

    async def __call__(self, refresh_secret: str | None) -> None:
        if not refresh_secret:
            return
        async with self.uow as uow:
            token = await uow.refresh_tokens.get_by_hash(self.tokens.hash_refresh_secret(refresh_secret))
            if token is not None:
                await uow.refresh_tokens.revoke_family(token.family_id, self.clock.now())
                await uow.commit()
