"""The baker replaces her price list and contacts. Quotes already sent keep their prices."""

from __future__ import annotations

from uuid import UUID

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.system import Clock
from tortodelova.domain.bakery import Bakery, PriceList


class SaveBakery:
    def __init__(self, *, uow: UnitOfWork, clock: Clock) -> None:
        self.uow, self.clock = uow, clock

    async def __call__(self, user_id: UUID, form: PriceList) -> Bakery:
        bakery = Bakery.create(user_id=user_id, form=form, now=self.clock.now())
        async with self.uow as uow:
            await uow.bakeries.save(bakery)
            await uow.commit()
        return bakery
