"""What a share link shows its client, with no account: only while it is live and has a design; with
its order (the current version, and the bakery that makes it) when it carries one."""

from __future__ import annotations

from tortodelova.application.orders import QuoteView
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.system import Clock
from tortodelova.application.use_cases.shares.share_views import PublicShare, live_share
from tortodelova.domain.quotes import quote_status


class GetPublicShare:
    def __init__(self, *, uow: UnitOfWork, clock: Clock) -> None:
        self.uow, self.clock = uow, clock

    async def __call__(self, token: str) -> PublicShare:
        """Unknown, revoked, expired and deleted look the same (404): the token is the only secret."""
        now = self.clock.now()
        async with self.uow as uow:
            share, designs = await live_share(uow, token, now)
            feedback = await uow.feedback.for_share(token)
            quote = await uow.quotes.current(token)
            if quote is None:
                return PublicShare(share, designs, feedback)
            order = QuoteView(quote, quote_status(quote, feedback, now))
            return PublicShare(share, designs, feedback, order, await uow.bakeries.get(share.user_id))
