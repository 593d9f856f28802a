"""Fixtures for the deployment tests: a stand-in backend and a built-SPA stand-in for nginx to serve."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy.stub_backend import StubBackend

SPA_MARKER = "tortodelova-spa-index"


@pytest.fixture(scope="module")
def stub_backend() -> Iterator[StubBackend]:
    """Temporary stand-in for the API (the real one is `live_backend`): health, styles, a slow SSE stream."""
    stub = StubBackend().start()
    try:
        yield stub
    finally:
        stub.stop()


@pytest.fixture(scope="module")
def spa_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What `npm run build` leaves in frontend/dist: index.html plus hashed assets."""
    root = tmp_path_factory.mktemp("html")
    (root / "index.html").write_text(f"<!doctype html><title>{SPA_MARKER}</title><div id=root></div>")
    (root / "assets").mkdir()
    (root / "assets" / "index-3f2a1b.js").write_text("console.log('tortodelova');\n")
    return root
