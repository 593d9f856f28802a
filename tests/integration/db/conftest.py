"""Persistence tests: tables truncated before each test that asks for `db`
(the server and the migrated Database are session fixtures in tests/conftest.py)."""

from __future__ import annotations

import pytest

from tests.support.postgres import truncate_all
from tortodelova.adapters.db.database import Database


@pytest.fixture
async def db(database: Database) -> Database:
    """The session's Database over empty tables."""
    await truncate_all(database)
    return database
