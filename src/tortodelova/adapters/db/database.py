"""One object per process that owns the engine and hands out the PostgreSQL adapters.

db = Database(settings.database_url)
uow = db.unit_of_work()          # UnitOfWork
queue = db.job_queue()           # JobQueue (own LISTEN connection; aclose() it)
events = db.event_publisher()    # EventPublisher
stats = db.stats_reader()        # StatsReader (admin statistics)
limits = db.limit_counter()      # LimitCounter (the API's abuse limits and stream caps)
listener = db.event_listener()   # for the SSE endpoint (own LISTEN connection; aclose() it)
await db.aclose()
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from tortodelova.adapters.db.engine import create_engine, create_session_factory
from tortodelova.adapters.db.events import PgEventListener, PgEventPublisher
from tortodelova.adapters.db.limits import PgLimitCounter
from tortodelova.adapters.db.queue import PgJobQueue
from tortodelova.adapters.db.stats import SqlStatsReader
from tortodelova.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from tortodelova.application.ports.system import Clock


class Database:
    def __init__(self, database_url: str, *, pool_size: int = 20, max_overflow: int = 0) -> None:
        self.url = database_url
        self.engine = create_engine(database_url, pool_size=pool_size, max_overflow=max_overflow)
        self.session_factory = create_session_factory(self.engine)
        self._autocommit = self.engine.execution_options(isolation_level="AUTOCOMMIT")  # reading blocks

    def unit_of_work(self) -> SqlAlchemyUnitOfWork:
        return SqlAlchemyUnitOfWork(self.session_factory, self._autocommit)

    def stats_reader(self) -> SqlStatsReader:
        return SqlStatsReader(self.session_factory)

    def limit_counter(self) -> PgLimitCounter:
        return PgLimitCounter(self.engine)

    def job_queue(self, clock: Clock | None = None) -> PgJobQueue:
        return PgJobQueue(self.engine, clock=clock)

    def event_publisher(self) -> PgEventPublisher:
        return PgEventPublisher(self.engine)

    def event_listener(self) -> PgEventListener:
        return PgEventListener(self.engine.url)

    async def ping(self) -> bool:
        """Readiness: can we run a query right now?"""
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except (SQLAlchemyError, OSError):
            return False
        return True

    async def aclose(self) -> None:
        await self.engine.dispose()
