"""nginx from deploy/nginx in front of the real API (the `live_backend` fixture runs the dev stack)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.deploy.nginx_runner import RunningNginx, run_nginx
from tortodelova.domain.styles import STYLES

pytestmark = pytest.mark.xdist_group("stack")  # one process owns the live stack (tests/conftest.py)


@pytest.fixture
def nginx_live(live_backend: str, spa_root: Path, tmp_path: Path) -> Iterator[RunningNginx]:
    with run_nginx(tmp_path, live_backend.rstrip("/"), spa_root) as running:
        yield running


def test_health_through_nginx(nginx_live: RunningNginx) -> None:
    response = httpx.get(f"{nginx_live.url}/api/health", timeout=10)

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_styles_through_nginx(nginx_live: RunningNginx, live_backend: str) -> None:
    through_nginx = httpx.get(f"{nginx_live.url}/api/styles", timeout=10)
    direct = httpx.get(f"{live_backend.rstrip('/')}/api/styles", timeout=10)

    assert through_nginx.status_code == 200
    assert through_nginx.headers["content-type"].startswith("application/json")
    assert through_nginx.json() == direct.json()
    assert {style["code"] for style in through_nginx.json()} == set(STYLES)
