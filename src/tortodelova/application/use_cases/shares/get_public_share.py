"""What a share link shows its client, with no account: only while it is live and has a design."""

from __future__ import annotations

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.system import Clock
from tortodelova.application.use_cases.shares.share_views import PublicShare, live_share


class GetPublicShare:
    def __init__(self, *, uow: UnitOfWork, clock: Clock) -> None:
        self.uow, self.clock = uow, clock

    async def __call__(self, token: str) -> PublicShare:
        """Unknown, revoked, expired and deleted look the same (404): the token is the only secret."""
        async with self.uow as uow:
            share, designs = await live_share(uow, token, self.clock.now())
            return PublicShare(share, designs, await uow.feedback.for_share(token))
