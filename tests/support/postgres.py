"""Embedded PostgreSQL for tests."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from tortodelova.adapters.db.database import Database
from tortodelova.adapters.db.models import Base
from tortodelova.devstack.postgres import EmbeddedPostgres


def start_embedded_postgres(tmp_dir: Path) -> EmbeddedPostgres:
    """A throwaway server under `tmp_dir` (fsync off); the caller stops it. Works as root too.

    As root, do not pass a directory under pytest's basetemp: every pytest process that starts
    resets /tmp/pytest-of-root to 0700, which cuts the unprivileged server off its files.
    """
    pg = EmbeddedPostgres(Path(tmp_dir) / "postgres", durable=False)
    pg.start()
    return pg


async def truncate_all(db: Database) -> None:
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    async with db.engine.begin() as conn:
        await conn.execute(text(f"TRUNCATE {tables}"))
