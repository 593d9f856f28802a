"""UnitOfWork over an AsyncSession: `async with uow:` opens a session (one DB transaction),
`commit()` commits it, leaving the block without committing rolls back and returns the connection.

A session belongs to the asyncio task that opened it, so one SqlAlchemyUnitOfWork object can be
shared by concurrent tasks (each gets its own session and transaction), and the same object can be
entered again and again, one block after another, as the worker's use case does. After `commit()`
the block may go on: the next statement starts a new transaction, as with the in-memory adapter.
`async with uow.reading():` runs reads on a bare AUTOCOMMIT connection instead (see the port).

Inside `async with shared_reads():` (the HTTP layer opens it around each GET request) the connection
the first reading block used, the authorisation's, is kept for the second one, the handler's, instead
of going back to the pool and being checked out again. Only that once: a read that comes later, or
in another task, checks out its own, and whatever is kept is returned when the response starts.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from types import TracebackType
from typing import Self, cast

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

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


class ReadHandoff:
    """One request's hand-off of a reading connection from its first reading block to its second."""

    def __init__(self) -> None:
        self._owner = asyncio.current_task()
        self._kept: tuple[AsyncEngine, AsyncConnection] | None = None  # at most one, ever
        self._done = False  # a connection was handed off already, or the response started

    def take(self, engine: AsyncEngine) -> AsyncConnection | None:
        if self._kept is None or self._kept[0] is not engine or asyncio.current_task() is not self._owner:
            return None
        connection, self._kept = self._kept[1], None
        return connection

    def keep(self, engine: AsyncEngine, connection: AsyncConnection) -> bool:
        """Keep `connection` for the next reading block; False: close it as usual."""
        if self._done or asyncio.current_task() is not self._owner or connection.invalidated:
            return False
        self._kept, self._done = (engine, connection), True
        return True

    async def release(self) -> None:
        kept, self._kept, self._done = self._kept, None, True
        if kept is not None:
            await kept[1].close()


_handoff: ContextVar[ReadHandoff | None] = ContextVar("tortodelova_read_handoff", default=None)


@asynccontextmanager
async def shared_reads() -> AsyncIterator[ReadHandoff]:
    """Within the block, the current task's first two reading blocks share one connection; call
    `release()` once no short read is to follow (a response starting), else the block's end does."""
    handoff = ReadHandoff()
    token = _handoff.set(handoff)
    try:
        yield handoff
    finally:
        _handoff.reset(token)
        await handoff.release()


class SqlAlchemyUnitOfWork:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession], autocommit: AsyncEngine) -> None:
        self._session_factory = session_factory
        self._autocommit = autocommit  # the reading blocks' engine view: one per Database, not per request
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
        handoff = _handoff.get()
        kept = handoff.take(uow._autocommit) if handoff is not None else None
        connection = kept or await uow._autocommit.connect()
        try:
            uow._open(connection)
        except BaseException:
            await connection.close()  # a nested block: give the connection back before saying so
            raise
        return uow

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        uow = self._uow
        connection = uow._sessions.pop(asyncio.current_task(), None)
        if connection is None:
            return
        handoff = _handoff.get()
        if (
            exc_type is None
            and handoff is not None
            and handoff.keep(uow._autocommit, cast(AsyncConnection, connection))
        ):
            return  # the request's next reading block goes on with it
        await connection.close()  # back to the pool; there is no transaction to undo
