"""The use-case contract suite: every test here runs against each UnitOfWork adapter."""

from __future__ import annotations

import pytest

from tests.support.backends import BACKENDS, make_world


@pytest.fixture(params=BACKENDS)
def backend(request):
    """("memory", None) or ("postgres", the session's migrated Database)."""
    if request.param == "postgres":
        return request.param, request.getfixturevalue("database")
    return request.param, None


@pytest.fixture
async def world(backend):
    async with make_world(*backend) as w:
        yield w
