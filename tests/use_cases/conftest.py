"""The use-case contract suite: every test here runs against each UnitOfWork adapter."""

from __future__ import annotations

import pytest

from tests.support.backends import BACKENDS, make_world


@pytest.fixture(params=BACKENDS)
async def world(request):
    async with make_world(request.param, request) as w:
        yield w
