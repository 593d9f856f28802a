"""Price lists and quote versions in PostgreSQL (tables bakeries, share_quotes).

A link's current order is its highest version: `DISTINCT ON (share_token) ... ORDER BY version DESC`
over the primary key, one query for a page of links or for all of a baker's orders.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import fields
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, insert, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.dialects.postgresql import insert as pg_insert

from tortodelova.adapters.db.models import bakeries, share_quotes, shares
from tortodelova.adapters.db.repositories import _Repository
from tortodelova.domain.bakery import Bakery, Filling
from tortodelova.domain.quotes import Delivery, Quote

_b, _q = bakeries.c, share_quotes.c


# The rows' columns are the entities' fields, by name; only the container types differ.
_BAKERY_FIELDS = [f.name for f in fields(Bakery)]
_QUOTE_FIELDS = [f.name for f in fields(Quote)]


def _bakery_values(b: Bakery) -> dict[str, Any]:
    values = {name: getattr(b, name) for name in _BAKERY_FIELDS}
    values["fillings"] = [{"name": f.name, "price_per_kg": f.price_per_kg} for f in b.fillings]
    return values


def _bakery(row: Any) -> Bakery:
    values = {name: row[name] for name in _BAKERY_FIELDS}
    values["fillings"] = tuple(Filling(f["name"], f["price_per_kg"]) for f in row["fillings"])
    return Bakery(**values)


def _quote_values(q: Quote) -> dict[str, Any]:
    values = {name: getattr(q, name) for name in _QUOTE_FIELDS}
    values.update(fillings=list(q.fillings), tier_prices=list(q.tier_prices), delivery=q.delivery.value)
    return values


def _quote(row: Any) -> Quote:
    values = {name: row[name] for name in _QUOTE_FIELDS}
    values.update(
        fillings=tuple(row["fillings"]),
        tier_prices=tuple(row["tier_prices"]),
        delivery=Delivery(row["delivery"]),
    )
    return Quote(**values)


class SqlBakeryRepository(_Repository):
    async def get(self, user_id: UUID) -> Bakery | None:
        return await self._one(select(bakeries).where(_b.user_id == user_id), _bakery)

    async def save(self, bakery: Bakery) -> None:
        values = _bakery_values(bakery)
        stmt = pg_insert(bakeries).values(values)
        await self._session.execute(
            stmt.on_conflict_do_update(
                index_elements=[_b.user_id], set_={k: stmt.excluded[k] for k in values if k != "user_id"}
            )
        )


class SqlQuoteRepository(_Repository):
    async def add(self, quote: Quote) -> None:
        await self._session.execute(insert(share_quotes).values(_quote_values(quote)))

    async def current(self, token: str) -> Quote | None:
        return (await self.current_for([token])).get(token)

    async def current_for(self, tokens: Collection[str]) -> dict[str, Quote]:
        if not tokens:
            return {}
        return {q.share_token: q for q in await self._latest(_q.share_token.in_(list(tokens)))}

    async def of_user(self, user_id: UUID) -> list[Quote]:
        live = select(shares.c.token).where(shares.c.user_id == user_id, shares.c.revoked_at.is_(None))
        return await self._latest(_q.share_token.in_(live))

    async def _latest(self, where: ColumnElement[bool]) -> list[Quote]:
        stmt = (
            select(share_quotes)
            .where(where)
            .ext(distinct_on(_q.share_token))
            .order_by(_q.share_token, _q.version.desc())
        )
        return [_quote(r) for r in (await self._session.execute(stmt)).mappings()]
