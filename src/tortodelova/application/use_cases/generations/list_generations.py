from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from tortodelova.application.generation_views import generation_views
from tortodelova.application.paging import check_dates, check_page
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.queries import GenerationFilter, Page
from tortodelova.application.results import GenerationView, PageOf


class ListGenerations:
    """Gallery and request history. `owner_only=True` pins the filter to the caller (users);
    the admin variant passes `owner_only=False` and filters by any user."""

    def __init__(self, *, uow: UnitOfWork) -> None:
        self.uow = uow

    async def __call__(self, flt: GenerationFilter, page: Page) -> PageOf[GenerationView]:
        check_page(page)
        check_dates(flt.date_from, flt.date_to)
        async with self.uow.reading() as uow:
            items, total = await uow.generations.list(flt, page)
            views = await generation_views(uow, items)  # one query per page, not one per item
        return PageOf(views, total)

    async def for_user(self, user_id: UUID, flt: GenerationFilter, page: Page) -> PageOf[GenerationView]:
        return await self(replace(flt, user_id=user_id), page)
