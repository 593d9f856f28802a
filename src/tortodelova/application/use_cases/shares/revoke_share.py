"""The owner withdraws a link: from now on it answers 404 to everyone."""

from __future__ import annotations

from uuid import UUID

from tortodelova.application.owned import owned_share
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.system import Clock


class RevokeShare:
    def __init__(self, *, uow: UnitOfWork, clock: Clock) -> None:
        self.uow, self.clock = uow, clock

    async def __call__(self, user_id: UUID, token: str) -> None:
        async with self.uow as uow:
            share = await owned_share(uow, user_id, token)
            await uow.shares.save(share.revoke(self.clock.now()))
            await uow.commit()
