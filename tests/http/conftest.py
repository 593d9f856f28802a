"""The HTTP layer: the real app and use cases on the memory container (`api`) or PostgreSQL (`pg_api`)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.http.harness import Harness, harness


@pytest.fixture
async def api() -> AsyncIterator[Harness]:
    async with harness() as h:
        yield h


@pytest.fixture
async def pg_api(migrated_url: str) -> AsyncIterator[Harness]:
    """The app over PostgreSQL (emptied): admin statistics and /metrics are read in SQL only."""
    async with harness(database_url=migrated_url) as h:
        yield h
