"""The baker puts an order on her live link, or changes it: each time a new version, priced from her
list as it is now. An approval of an earlier version then asks for approval again."""

from __future__ import annotations

from datetime import tzinfo
from uuid import UUID

from tortodelova.application.orders import QuoteView, priced
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.system import Clock
from tortodelova.domain.errors import NotFound
from tortodelova.domain.quotes import QuoteRequest, ShareClosed, quote_status


class SetQuote:
    def __init__(self, *, uow: UnitOfWork, clock: Clock, zone: tzinfo) -> None:
        self.uow, self.clock, self.zone = uow, clock, zone

    async def __call__(self, user_id: UUID, token: str, request: QuoteRequest) -> QuoteView:
        now = self.clock.now()
        async with self.uow as uow:
            # Locked: concurrent edits get consecutive versions, and a client's answer waits.
            share = await uow.shares.get(token, for_update=True)
            if share is None or share.user_id != user_id:
                raise NotFound("Ссылка не найдена")
            if not share.is_live(now):
                raise ShareClosed()
            current = await uow.quotes.current(token)
            quote = await priced(uow, share, (current.version if current else 0) + 1, request, now, self.zone)
            await uow.quotes.add(quote)
            answers = await uow.feedback.for_share(token)
            await uow.commit()
        return QuoteView(quote, quote_status(quote, answers, now))
