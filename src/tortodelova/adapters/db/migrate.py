"""Run the Alembic migrations programmatically (no alembic.ini: the scripts ship inside the package).

    upgrade(database_url, revision="head")      # sync, for the CLI
    downgrade(database_url, revision)           # e.g. "base" or "-1"
    await upgrade_async(...) / downgrade_async(...) / current_revision(...)   # from async code

All of a run happens in one transaction (PostgreSQL has transactional DDL) under an advisory lock,
so two processes migrating at once (say, the dev runner and a migrator container) take turns.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from tortodelova.adapters.db.engine import async_url

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_LOCK_KEY = 0x746F72746F  # "torto": advisory lock id shared by every migration run


def alembic_config(database_url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if database_url:
        cfg.set_main_option("sqlalchemy.url", str(database_url).replace("%", "%%"))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


async def _with_connection(database_url: str, action: str, revision: str) -> None:
    engine = create_async_engine(async_url(database_url), poolclass=NullPool)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
            await conn.run_sync(_run_command, action, revision)
    finally:
        await engine.dispose()


def _run_command(connection: Connection, action: str, revision: str) -> None:
    cfg = alembic_config()
    cfg.attributes["connection"] = connection
    getattr(command, action)(cfg, revision)


async def upgrade_async(database_url: str, revision: str = "head") -> None:
    await _with_connection(database_url, "upgrade", revision)


async def downgrade_async(database_url: str, revision: str) -> None:
    await _with_connection(database_url, "downgrade", revision)


async def current_revision(database_url: str) -> str | None:
    """The revision the database is at; None for an empty (never migrated) database."""
    engine = create_async_engine(async_url(database_url), poolclass=NullPool)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(lambda c: MigrationContext.configure(c).get_current_revision())
    finally:
        await engine.dispose()


def upgrade(database_url: str, revision: str = "head") -> None:
    _run_sync(upgrade_async(database_url, revision))


def downgrade(database_url: str, revision: str) -> None:
    _run_sync(downgrade_async(database_url, revision))


def _run_sync(coro: Coroutine[Any, Any, None]) -> None:
    """asyncio.run, also when called from a thread that already runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(coro)
        return
    errors: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(coro)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            errors.append(exc)

    thread = threading.Thread(target=target, name="tortodelova-migrate")
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
