"""Engine and session factory for PostgreSQL through asyncpg."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine


def async_url(database_url: str | URL) -> URL:
    """Accept postgres://, postgresql:// and postgresql+asyncpg:// URLs; always use asyncpg."""
    url = make_url(database_url)
    if url.get_backend_name() not in ("postgresql", "postgres"):
        raise ValueError(f"DATABASE_URL must point to PostgreSQL, got {url.drivername!r}")
    return url.set(drivername="postgresql+asyncpg")


def asyncpg_dsn(database_url: str | URL) -> str:
    """The same database as a plain libpq-style DSN for asyncpg.connect (LISTEN connections)."""
    return async_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


def create_engine(
    database_url: str | URL,
    *,
    pool_size: int = 20,
    max_overflow: int = 0,
    pool_timeout: float = 30.0,
    application_name: str = "tortodelova",
    echo: bool = False,
) -> AsyncEngine:
    """An async engine: closed connections are dropped at checkout (survives database restarts),
    recycled connections, UTC sessions. The pool opens connections as they are needed and keeps them
    all: "overflow" connections, closed as soon as they are returned, made every request beyond the
    tenth concurrent one open a new connection (a PostgreSQL backend started for one query)."""
    engine = create_async_engine(
        async_url(database_url),
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_timeout=pool_timeout,
        pool_recycle=1800,
        echo=echo,
        connect_args={"server_settings": {"timezone": "UTC", "application_name": application_name}},
    )
    event.listen(engine.sync_engine, "checkout", _drop_closed)
    return engine


def _drop_closed(dbapi_connection: Any, record: Any, proxy: Any) -> None:
    """The pool's liveness check, without a round trip. asyncpg notices at once when the server closes
    a connection (a restart, pg_terminate_backend): such a connection is discarded here and the pool
    hands out another. SQLAlchemy's pool_pre_ping would instead send BEGIN, an empty query and ROLLBACK
    at every checkout: three round trips, most of the cost of a small request."""
    if record.driver_connection.is_closed():
        raise DisconnectionError("the server closed this connection")


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # expire_on_commit=False: the repositories return domain objects, never live ORM rows
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
