from __future__ import annotations

from types import TracebackType
from typing import Self

from tortodelova.adapters.memory.orders import MemoryBakeries, MemoryQuotes
from tortodelova.adapters.memory.payments import MemoryPayments
from tortodelova.adapters.memory.repositories import (
    MemoryGenerations,
    MemoryRefreshTokens,
    MemoryTransactions,
    MemoryUploads,
    MemoryUsers,
)
from tortodelova.adapters.memory.shares import MemoryFeedback, MemoryShares
from tortodelova.adapters.memory.store import MemoryDatabase


class MemoryUnitOfWork:
    """Works on a copy of the tables; `commit()` publishes the copy, anything else discards it."""

    def __init__(self, db: MemoryDatabase) -> None:
        self.db = db

    def reading(self) -> Self:
        """The same block: the memory tables have no transactions to save."""
        return self

    async def __aenter__(self) -> Self:
        await self.db.lock.acquire()
        self._begin()
        return self

    def _begin(self) -> None:
        self.tables = self.db.tables.clone()
        self.users = MemoryUsers(self.tables)
        self.transactions = MemoryTransactions(self.tables)
        self.generations = MemoryGenerations(self.tables)
        self.refresh_tokens = MemoryRefreshTokens(self.tables)
        self.uploads = MemoryUploads(self.tables)
        self.shares = MemoryShares(self.tables)
        self.feedback = MemoryFeedback(self.tables)
        self.bakeries = MemoryBakeries(self.tables)
        self.quotes = MemoryQuotes(self.tables)
        self.payments = MemoryPayments(self.tables)

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.db.lock.release()

    async def commit(self) -> None:
        self.db.tables = self.tables
        self._begin()  # like a session after commit: later reads start a new transaction

    async def rollback(self) -> None:
        self._begin()
