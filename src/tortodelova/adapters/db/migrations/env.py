"""Alembic environment. `tortodelova.adapters.db.migrate` passes an open (sync-facing) connection
in `config.attributes["connection"]`; the plain `alembic` command gets an async engine from
sqlalchemy.url instead."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from tortodelova.adapters.db.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


async def _run_with_engine(url: str) -> None:
    from sqlalchemy.ext.asyncio import create_async_engine
    from sqlalchemy.pool import NullPool

    from tortodelova.adapters.db.engine import async_url

    engine = create_async_engine(async_url(url), poolclass=NullPool)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(_run)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata, literal_binds=True
    )
    with context.begin_transaction():
        context.run_migrations()
elif (connection := config.attributes.get("connection")) is not None:
    _run(connection)
else:
    asyncio.run(_run_with_engine(config.get_main_option("sqlalchemy.url") or ""))
