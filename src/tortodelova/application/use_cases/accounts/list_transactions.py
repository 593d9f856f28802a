from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from tortodelova.application.paging import check_dates, check_page
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.queries import Page, TransactionFilter
from tortodelova.application.results import PageOf
from tortodelova.domain.transactions import Transaction


class ListTransactions:
    """Ledger entries, newest first. Users see their own; the admin journal passes any filter."""

    def __init__(self, *, uow: UnitOfWork) -> None:
        self.uow = uow

    async def __call__(self, flt: TransactionFilter, page: Page) -> PageOf[Transaction]:
        check_page(page)
        check_dates(flt.date_from, flt.date_to)
        async with self.uow.reading() as uow:
            items, total = await uow.transactions.list(flt, page)
        return PageOf(items, total)

    async def for_user(self, user_id: UUID, flt: TransactionFilter, page: Page) -> PageOf[Transaction]:
        return await self(replace(flt, user_id=user_id), page)
