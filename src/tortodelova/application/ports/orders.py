"""The baker's price list and the quotes on her share links."""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol
from uuid import UUID

from tortodelova.domain.bakery import Bakery
from tortodelova.domain.quotes import Quote


class BakeryRepository(Protocol):
    async def get(self, user_id: UUID) -> Bakery | None: ...
    async def save(self, bakery: Bakery) -> None:
        """Stores the user's price list, replacing the one before."""
        ...


class QuoteRepository(Protocol):
    async def add(self, quote: Quote) -> None:
        """A new version; the caller holds the link's lock (ShareRepository.get(for_update=True))."""
        ...

    async def current(self, token: str) -> Quote | None:
        """The link's latest version, None when it has no order."""
        ...

    async def current_for(self, tokens: Collection[str]) -> dict[str, Quote]:
        """The latest version of each of these links that has an order, in one query."""
        ...

    async def of_user(self, user_id: UUID) -> list[Quote]:
        """The latest version of every order on the user's links that are not revoked."""
        ...
