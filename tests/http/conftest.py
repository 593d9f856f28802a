"""The HTTP layer on the in-memory container: the real app, real use cases, memory adapters."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.http.harness import Harness, harness


@pytest.fixture
async def api() -> AsyncIterator[Harness]:
    async with harness() as h:
        yield h
