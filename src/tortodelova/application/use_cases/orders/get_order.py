"""One order of the caller's (for «В календарь»): 404 for another user's link or one without an order."""

from __future__ import annotations

from uuid import UUID

from tortodelova.application.orders import Order
from tortodelova.application.owned import owned_share
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.system import Clock
from tortodelova.application.use_cases.orders.list_orders import load_orders
from tortodelova.domain.bakery import Bakery
from tortodelova.domain.errors import NotFound


class GetOrder:
    def __init__(self, *, uow: UnitOfWork, clock: Clock) -> None:
        self.uow, self.clock = uow, clock

    async def __call__(self, user_id: UUID, token: str) -> tuple[Order, Bakery | None]:
        async with self.uow as uow:
            share = await owned_share(uow, user_id, token)
            quote = await uow.quotes.current(share.token)
            if quote is None:
                raise NotFound("У этой ссылки нет заказа")
            [order] = await load_orders(uow, [quote], self.clock.now(), None)
            return order, await uow.bakeries.get(user_id)
