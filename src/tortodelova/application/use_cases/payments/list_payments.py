from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from tortodelova.application.paging import check_dates, check_page
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.queries import Page, PaymentFilter
from tortodelova.application.results import PageOf
from tortodelova.domain.payments import Payment


class ListPayments:
    """Payments, newest first. Users see their own; the admin panel passes any filter."""

    def __init__(self, *, uow: UnitOfWork) -> None:
        self.uow = uow

    async def __call__(self, flt: PaymentFilter, page: Page) -> PageOf[Payment]:
        check_page(page)
        check_dates(flt.date_from, flt.date_to)
        async with self.uow as uow:
            items, total = await uow.payments.list(flt, page)
        return PageOf(items, total)

    async def for_user(self, user_id: UUID, flt: PaymentFilter, page: Page) -> PageOf[Payment]:
        return await self(replace(flt, user_id=user_id, email=None), page)
