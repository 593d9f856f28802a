"""The owner's share links, newest first, with the answers each got and the order each carries."""

from __future__ import annotations

from uuid import UUID

from tortodelova.application.orders import quote_views
from tortodelova.application.paging import check_page
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.queries import Page
from tortodelova.application.ports.system import Clock
from tortodelova.application.results import PageOf
from tortodelova.application.use_cases.shares.share_views import ShareView
from tortodelova.domain.shares import FeedbackSummary


class ListShares:
    def __init__(self, *, uow: UnitOfWork, clock: Clock) -> None:
        self.uow, self.clock = uow, clock

    async def __call__(self, user_id: UUID, generation_id: UUID | None, page: Page) -> PageOf[ShareView]:
        check_page(page)
        async with self.uow as uow:
            items, total = await uow.shares.list(user_id, generation_id, page)
            summaries = await uow.feedback.by_share([s.token for s in items])
            orders = await quote_views(uow, [s.token for s in items], self.clock.now())
        return PageOf(
            [ShareView(s, summaries.get(s.token, FeedbackSummary()), orders.get(s.token)) for s in items],
            total,
        )
