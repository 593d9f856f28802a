"""The owner's share links, newest first, with the answers each got."""

from __future__ import annotations

from uuid import UUID

from tortodelova.application.paging import check_page
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.queries import Page
from tortodelova.application.results import PageOf
from tortodelova.application.use_cases.shares.share_views import ShareView
from tortodelova.domain.shares import FeedbackSummary


class ListShares:
    def __init__(self, *, uow: UnitOfWork) -> None:
        self.uow = uow

    async def __call__(self, user_id: UUID, generation_id: UUID | None, page: Page) -> PageOf[ShareView]:
        check_page(page)
        async with self.uow as uow:
            items, total = await uow.shares.list(user_id, generation_id, page)
            summaries = await uow.feedback.by_share([s.token for s in items])
        return PageOf([ShareView(s, summaries.get(s.token, FeedbackSummary())) for s in items], total)
