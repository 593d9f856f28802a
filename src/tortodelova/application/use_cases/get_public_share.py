"""What a share link shows its client, with no account: only while it is live and has a design."""

from __future__ import annotations

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.system import Clock
from tortodelova.application.shares import PublicShare, live_designs
from tortodelova.domain.errors import NotFound

GONE = "Ссылка не найдена: её отозвали, срок её действия истёк или дизайн удалён"


class GetPublicShare:
    def __init__(self, *, uow: UnitOfWork, clock: Clock) -> None:
        self.uow, self.clock = uow, clock

    async def __call__(self, token: str) -> PublicShare:
        """Unknown, revoked, expired and deleted look the same (404): the token is the only secret."""
        async with self.uow as uow:
            share = await uow.shares.get(token)
            if share is None or not share.is_live(self.clock.now()):
                raise NotFound(GONE)
            designs = await live_designs(uow, share)
            if not designs:
                raise NotFound(GONE)
            return PublicShare(share, designs, await uow.feedback.for_share(token))
