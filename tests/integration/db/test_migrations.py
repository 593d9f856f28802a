"""Migrations on an empty database: upgrade, schema equals the models, downgrade to base, upgrade again."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from tortodelova.adapters.db.migrate import (
    current_revision,
    downgrade,
    downgrade_async,
    head_revision,
    upgrade,
    upgrade_async,
)
from tortodelova.adapters.db.models import Base
from tortodelova.devstack.postgres import EmbeddedPostgres


@pytest.fixture
def empty_db(embedded_postgres: EmbeddedPostgres):  # noqa: ANN201
    name = f"migrations_{uuid.uuid4().hex[:8]}"
    url = embedded_postgres.create_database(name)
    yield url
    embedded_postgres.drop_database(name)


async def _tables_and_diff(url: str) -> tuple[set[str], list]:
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as conn:
            tables = set(
                (
                    await conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
                ).scalars()
            )
            diff = await conn.run_sync(
                lambda c: compare_metadata(MigrationContext.configure(c), Base.metadata)
            )
            functions = set(
                (
                    await conn.execute(
                        text("SELECT proname FROM pg_proc WHERE proname = 'transactions_append_only'")
                    )
                ).scalars()
            )
    finally:
        await engine.dispose()
    return tables | {f"function:{f}" for f in functions}, diff


async def test_upgrade_matches_models_then_downgrade_to_base_and_upgrade_again(empty_db: str) -> None:
    assert await current_revision(empty_db) is None

    await upgrade_async(empty_db)
    assert await current_revision(empty_db) == head_revision()
    tables, diff = await _tables_and_diff(empty_db)
    assert tables == {t.name for t in Base.metadata.sorted_tables} | {
        "alembic_version",
        "function:transactions_append_only",
    }
    assert diff == [], f"migrations and models disagree: {diff}"

    await downgrade_async(empty_db, "base")
    assert await current_revision(empty_db) is None
    tables, _ = await _tables_and_diff(empty_db)
    assert tables == {"alembic_version"}

    await upgrade_async(empty_db)
    assert await current_revision(empty_db) == head_revision()


async def test_sync_entry_points_work_from_inside_an_event_loop(empty_db: str) -> None:
    """The CLI calls the sync functions; inside a running loop they run on a helper thread."""
    upgrade(empty_db)
    assert await current_revision(empty_db) == head_revision()
    downgrade(empty_db, "base")
    assert await current_revision(empty_db) is None


async def test_concurrent_upgrades_take_turns(empty_db: str) -> None:
    await asyncio.gather(upgrade_async(empty_db), upgrade_async(empty_db), upgrade_async(empty_db))
    assert await current_revision(empty_db) == head_revision()
