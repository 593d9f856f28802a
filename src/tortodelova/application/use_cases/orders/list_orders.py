"""«Заказы»: every order on the baker's links that are not revoked, by date, with its status, its
client, and whether its day has more orders than the bakery makes in a day."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from uuid import UUID

from tortodelova.application.orders import Client, Order, QuoteView
from tortodelova.application.owned import shown
from tortodelova.application.paging import check_page
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.queries import Page
from tortodelova.application.ports.system import Clock
from tortodelova.application.results import PageOf
from tortodelova.domain.quotes import Quote, QuoteStatus, busy_days, quote_status


async def load_orders(
    uow: UnitOfWork, quotes: Collection[Quote], now: datetime, orders_per_day: int | None
) -> list[Order]:
    """The orders of these current quotes, by date (then the link's age); an expired one takes no
    place in its day."""
    tokens = [q.share_token for q in quotes]
    shares = {s.token: s for s in await uow.shares.get_many(tokens)}
    answers = await uow.feedback.for_shares(tokens)
    designs = {d.id: d for d in await uow.generations.get_many([s.generation_id for s in shares.values()])}
    views = [QuoteView(q, quote_status(q, answers.get(q.share_token, []), now)) for q in quotes]
    busy = busy_days((v.quote.date for v in views if v.status is not QuoteStatus.EXPIRED), orders_per_day)
    orders = []
    for view in views:
        share = shares[view.quote.share_token]
        design = designs.get(share.generation_id)
        orders.append(
            Order(
                share=share,
                quote=view,
                design=design if design is not None and shown(design) else None,
                client=Client.of(answers.get(share.token, [])),
                over_capacity=view.status is not QuoteStatus.EXPIRED and view.quote.date in busy,
            )
        )
    orders.sort(key=lambda o: (o.quote.quote.date, o.share.created_at, o.share.token))
    return orders


class ListOrders:
    def __init__(self, *, uow: UnitOfWork, clock: Clock) -> None:
        self.uow, self.clock = uow, clock

    async def __call__(self, user_id: UUID, page: Page) -> PageOf[Order]:
        check_page(page)
        async with self.uow as uow:
            bakery = await uow.bakeries.get(user_id)
            quotes = await uow.quotes.of_user(user_id)
            orders = await load_orders(
                uow, quotes, self.clock.now(), bakery.orders_per_day if bakery else None
            )
        return PageOf(orders[page.offset : page.offset + page.limit], len(orders))
