"""The baker's price list (`/api/profile/bakery`), the orders on her links, and an order's .ics."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from dishka.integrations.litestar import FromDishka, inject
from litestar import Request, Response, get, put
from litestar.params import FromPath, JSONBody

from tortodelova.application.ports.system import Clock
from tortodelova.application.use_cases.orders.get_bakery import GetBakery
from tortodelova.application.use_cases.orders.get_order import GetOrder
from tortodelova.application.use_cases.orders.list_orders import ListOrders
from tortodelova.application.use_cases.orders.save_bakery import SaveBakery
from tortodelova.application.use_cases.orders.set_quote import SetQuote
from tortodelova.entrypoints.http.auth import CurrentUser
from tortodelova.entrypoints.http.controllers.base import UserController
from tortodelova.entrypoints.http.docs import AUTH, BODY, problems
from tortodelova.entrypoints.http.order_calendar import order_ics
from tortodelova.entrypoints.http.pages.site_url import PublicBaseUrl
from tortodelova.entrypoints.http.params import Limit, Offset, page
from tortodelova.entrypoints.http.schemas.orders import (
    BakeryEnvelope,
    BakeryIn,
    OrderPage,
    OrderQuoteEnvelope,
    OrderQuoteIn,
    bakery_out,
    order_out,
    price_list,
    quote_out,
    quote_request,
)
from tortodelova.entrypoints.http.schemas.shares import share_url


class BakeryController(UserController):
    path = "/profile/bakery"
    tags = ["orders"]

    @get("", responses=problems(*AUTH))
    @inject
    async def show(self, user: CurrentUser, get_bakery: FromDishka[GetBakery]) -> BakeryEnvelope:
        """The caller's price list and contacts; `bakery` is null until they are filled in."""
        found = await get_bakery(user.id)
        return BakeryEnvelope(bakery_out(found) if found is not None else None)

    @put("", responses=problems(*AUTH, *BODY))
    @inject
    async def save(
        self, user: CurrentUser, data: JSONBody[BakeryIn], save_bakery: FromDishka[SaveBakery]
    ) -> BakeryEnvelope:
        """Replace the price list (money in kopecks, weights in grams; a float is refused). Quotes
        already sent keep their prices; the next version of each is priced from this list."""
        return BakeryEnvelope(bakery_out(await save_bakery(user.id, price_list(data))))


class OrderController(UserController):
    path = ""
    tags = ["orders"]

    @put("/shares/{token:str}/quote", responses=problems(*AUTH, *BODY, 404, 409))
    @inject
    async def set_quote(
        self,
        user: CurrentUser,
        token: FromPath[str],
        data: JSONBody[OrderQuoteIn],
        set_quote: FromDishka[SetQuote],
    ) -> OrderQuoteEnvelope:
        """Put an order on the caller's live link, or change it: a new version, priced from the price
        list as it is now. An approved order then needs approving again («reapproval»). 404 for
        another user's link, 409 without a price list or on a revoked or expired link."""
        return OrderQuoteEnvelope(quote_out(await set_quote(user.id, token, quote_request(data))))

    @get("/orders", responses=problems(*AUTH, 422))
    @inject
    async def index(
        self,
        request: Request[Any, Any, Any],
        user: CurrentUser,
        list_orders: FromDishka[ListOrders],
        site: FromDishka[PublicBaseUrl],
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> OrderPage:
        """The caller's orders on links that are not revoked, by date: status, client, price, and
        whether the day has more orders than orders_per_day (expired ones do not count)."""
        result = await list_orders(user.id, page(limit, offset))
        base = site.of(request)
        return OrderPage([order_out(o, share_url(base, o.share.token)) for o in result.items], result.total)

    @get(
        "/shares/{token:str}/calendar.ics",
        media_type="text/calendar; charset=utf-8",
        responses=problems(*AUTH, 404),
        response_description="An iCalendar file (RFC 5545) with the order as an all-day event",
    )
    @inject
    async def calendar(
        self,
        request: Request[Any, Any, Any],
        user: CurrentUser,
        token: FromPath[str],
        get_order: FromDishka[GetOrder],
        zone: FromDishka[tzinfo],
        clock: FromDishka[Clock],
        site: FromDishka[PublicBaseUrl],
    ) -> Response[bytes]:
        """«В календарь»: the order on the caller's link as an .ics file, on its date in the bakery's
        time zone. 404 for another user's link or a link without an order."""
        order, bakery = await get_order(user.id, token)
        url = share_url(site.of(request), token)
        body = order_ics(order, bakery, url, getattr(zone, "key", str(zone)), clock.now())
        filename = f"tort-{order.quote.quote.date.isoformat()}.ics"
        return Response(
            body,
            media_type="text/calendar; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="{filename}"',
                "Cache-Control": "no-store",
            },
        )
