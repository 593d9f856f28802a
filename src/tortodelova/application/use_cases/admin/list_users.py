from __future__ import annotations

from tortodelova.application.paging import check_page
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.queries import Page
from tortodelova.application.results import PageOf
from tortodelova.domain.users import User


class ListUsers:
    """Admin: users with their balances, searched by e-mail substring."""

    def __init__(self, *, uow: UnitOfWork) -> None:
        self.uow = uow

    async def __call__(self, query: str | None, page: Page) -> PageOf[User]:
        check_page(page)
        async with self.uow as uow:
            items, total = await uow.users.list((query or "").strip().lower() or None, page)
        return PageOf(items, total)
