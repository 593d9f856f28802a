"""nginx from deploy/nginx in front of the real API (the `live_backend` fixture runs the dev stack)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.deploy.nginx_runner import BUCKET, RunningNginx, run_nginx
from tests.e2e.client import register_and_login
from tests.support.stack import RunningStack
from tortodelova.domain.styles import STYLES

pytestmark = pytest.mark.xdist_group("stack")  # one process owns the live stack (tests/conftest.py)


@pytest.fixture
def nginx_live(live_stack: RunningStack, spa_root: Path, tmp_path: Path) -> Iterator[RunningNginx]:
    # The images location goes to the stack's S3, as compose's goes to MinIO.
    runtime = dict(line.split("=", 1) for line in live_stack.env_file("runtime.env").splitlines() if line)
    assert runtime["S3_BUCKET"] == BUCKET
    with run_nginx(
        tmp_path, live_stack.base_url.rstrip("/"), spa_root, s3_url=runtime["S3_ENDPOINT"]
    ) as running:
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


def test_a_generated_image_is_served_read_only_through_nginx(nginx_live: RunningNginx) -> None:
    user = register_and_login(nginx_live.url)  # the API through nginx as well
    created = user.post(
        "/api/generations", json={"prompt_ru": "Торт с клубникой", "style": "classic", "steps": 10}
    )
    assert created.status_code == 202, created.text
    generation = user.wait_status(created.json()["generation"]["id"], {"success", "failed"}, timeout=300)
    assert generation["status"] == "success", generation
    url = f"{nginx_live.url}/{BUCKET}/{generation['s3_key']}"

    image = httpx.get(url, timeout=10)
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")
    assert httpx.head(url, timeout=10).status_code == 200
    for method in ("PUT", "DELETE"):
        assert httpx.request(method, url, content=b"defaced", timeout=10).status_code == 403
    assert httpx.get(url, timeout=10).content == image.content
