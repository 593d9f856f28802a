from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from uuid import UUID

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.queries import Page, TransactionFilter
from tortodelova.application.results import PageOf
from tortodelova.domain.errors import ValidationFailed
from tortodelova.domain.transactions import Transaction

PAGE_MAX = 100


def check_page(page: Page) -> None:
    errors = {}
    if not 1 <= page.limit <= PAGE_MAX:
        errors["limit"] = f"от 1 до {PAGE_MAX}"
    if page.offset < 0:
        errors["offset"] = "не может быть отрицательным"
    if errors:
        raise ValidationFailed(errors)


def check_dates(date_from: datetime | None, date_to: datetime | None) -> None:
    if date_from and date_to and date_from > date_to:
        raise ValidationFailed({"date_from": "начало периода позже его конца"})


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
