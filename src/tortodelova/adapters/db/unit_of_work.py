"""UnitOfWork over an AsyncSession: `async with uow:` opens a session (one DB transaction),
`commit()` commits it, leaving the block without committing rolls back and returns the connection.

A session belongs to the asyncio task that opened it, so one SqlAlchemyUnitOfWork object can be
shared by concurrent tasks (each gets its own session and transaction), and the same object can be
entered again and again, one block after another, as the worker's use case does. After `commit()`
the block may go on: the next statement starts a new transaction, as with the in-memory adapter.
`async with uow.reading():` runs reads on a bare AUTOCOMMIT connection instead (see the port).
"""

from __future__ import annotations

import asyncio
import logging
from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tortodelova.adapters.db.orders import SqlBakeryRepository, SqlQuoteRepository
from tortodelova.adapters.db.payments import SqlPaymentRepository
from tortodelova.adapters.db.repositories import (
    Executor,
    SqlGenerationRepository,
    SqlRefreshTokenRepository,
    SqlTransactionRepository,
    SqlUploadRepository,
    SqlUserRepository,
)
from tortodelova.adapters.db.shares import SqlFeedbackRepository, SqlShareRepository

log = logging.getLogger(__name__)


class SqlAlchemyUnitOfWork:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory
        self._autocommit = session_factory.kw["bind"].execution_options(isolation_level="AUTOCOMMIT")
        self._sessions: dict[asyncio.Task[object] | None, Executor] = {}
        self.users = SqlUserRepository(self)
        self.transactions = SqlTransactionRepository(self)
        self.generations = SqlGenerationRepository(self)
        self.refresh_tokens = SqlRefreshTokenRepository(self)
        self.uploads = SqlUploadRepository(self)
        self.shares = SqlShareRepository(self)
        self.feedback = SqlFeedbackRepository(self)
        self.bakeries = SqlBakeryRepository(self)
        self.quotes = SqlQuoteRepository(self)
        self.payments = SqlPaymentRepository(self)

    @property
    def session(self) -> Executor:
        """The current task's session (a connection in `reading()`); only inside `async with uow:`."""
        try:
            return self._sessions[asyncio.current_task()]
        except KeyError:
            raise RuntimeError("the unit of work is not open: use `async with uow:`") from None

    def reading(self) -> _Reading:
        return _Reading(self)

    async def __aenter__(self) -> Self:
        session = self._open(self._session_factory())
        await session.begin()
        return self

    def _open(self, session: Executor) -> Executor:
        task = asyncio.current_task()
        if task in self._sessions:
            raise RuntimeError("this task already has the unit of work open (nested `async with uow:`)")
        self._sessions[task] = session
        return session

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        session = self._sessions.pop(asyncio.current_task(), None)
        if session is None:
            return
        try:
            await session.rollback()  # no-op after commit(); undoes everything otherwise
        except Exception:
            if exc is None:
                raise
            log.warning("rollback after %r failed", exc, exc_info=True)  # keep the original error
        finally:
            await session.close()

    async def commit(self) -> None:
        await self.session.commit()

    async def rollback(self) -> None:
        await self.session.rollback()


class _Reading:
    """`uow.reading()`: a bare connection in AUTOCOMMIT, so asyncpg sends no BEGIN and no ROLLBACK
    around the reads (two of the three or four round trips of a small request), and no ORM session is
    built and torn down around them (the repositories run Core statements only)."""

    def __init__(self, uow: SqlAlchemyUnitOfWork) -> None:
        self._uow = uow

    async def __aenter__(self) -> SqlAlchemyUnitOfWork:
        uow = self._uow
        connection = await uow._autocommit.connect()
        try:
            uow._open(connection)
        except BaseException:
            await connection.close()  # a nested block: give the connection back before saying so
            raise
        return uow

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        connection = self._uow._sessions.pop(asyncio.current_task(), None)
        if connection is not None:
            await connection.close()  # back to the pool; there is no transaction to undo
