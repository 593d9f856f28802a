"""In-memory price lists and quotes (the same contracts as adapters/db/orders.py)."""

from __future__ import annotations

from collections.abc import Collection
from uuid import UUID

from tortodelova.adapters.memory.store import Tables
from tortodelova.domain.bakery import Bakery
from tortodelova.domain.quotes import Quote


class MemoryBakeries:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def get(self, user_id: UUID) -> Bakery | None:
        return self.t.bakeries.get(user_id)

    async def save(self, bakery: Bakery) -> None:
        self.t.bakeries[bakery.user_id] = bakery


class MemoryQuotes:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def add(self, quote: Quote) -> None:
        versions = self.t.quotes.setdefault(quote.share_token, [])
        if any(q.version == quote.version for q in versions):
            raise ValueError("duplicate quote version")
        versions.append(quote)

    async def current(self, token: str) -> Quote | None:
        versions = self.t.quotes.get(token)
        return max(versions, key=lambda q: q.version) if versions else None

    async def current_for(self, tokens: Collection[str]) -> dict[str, Quote]:
        found = {t: await self.current(t) for t in set(tokens)}
        return {t: q for t, q in found.items() if q is not None}

    async def of_user(self, user_id: UUID) -> list[Quote]:
        tokens = [s.token for s in self.t.shares.values() if s.user_id == user_id and s.revoked_at is None]
        return list((await self.current_for(tokens)).values())
