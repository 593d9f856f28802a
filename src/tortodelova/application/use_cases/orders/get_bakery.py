"""The caller's price list and contacts; None until she fills them in."""

from __future__ import annotations

from uuid import UUID

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.domain.bakery import Bakery


class GetBakery:
    def __init__(self, *, uow: UnitOfWork) -> None:
        self.uow = uow

    async def __call__(self, user_id: UUID) -> Bakery | None:
        async with self.uow as uow:
            return await uow.bakeries.get(user_id)
