"""Fixtures shared across suites. Servers are real and start once per test process.

Server data lives in tempfile.mkdtemp() dirs, not under pytest's basetemp: as root the embedded
PostgreSQL runs as an unprivileged user, and each new pytest process resets basetemp to 0700.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.support.postgres import start_embedded_postgres
from tests.support.s3 import start_embedded_s3
from tests.support.stack import RunningStack, start_stack, stop_stack
from tortodelova.adapters.db.database import Database
from tortodelova.adapters.db.migrate import upgrade_async
from tortodelova.devstack.postgres import EmbeddedPostgres
from tortodelova.devstack.seaweed import EmbeddedS3


@pytest.fixture(scope="session")
def server_tmp() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="tortodelova-test-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def embedded_postgres(server_tmp: Path) -> Iterator[EmbeddedPostgres]:
    pg = start_embedded_postgres(server_tmp)
    yield pg
    pg.stop()


@pytest.fixture(scope="session")
async def migrated_url(embedded_postgres: EmbeddedPostgres) -> str:
    await upgrade_async(embedded_postgres.url)
    return embedded_postgres.url


@pytest.fixture(scope="session")
async def database(migrated_url: str) -> AsyncIterator[Database]:
    db = Database(migrated_url, pool_size=10, max_overflow=20)
    yield db
    await db.aclose()


@pytest.fixture(scope="session")
def embedded_s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedS3]:
    """A real S3 server (SeaweedFS) for the session: storage adapter and upload API tests."""
    server = start_embedded_s3(tmp_path_factory.mktemp("s3"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def live_stack(server_tmp: Path) -> Iterator[RunningStack]:
    """The whole service as `make dev` runs it (embedded PostgreSQL + S3, API, demo worker).
    Tests using it carry `@pytest.mark.xdist_group("stack")` so one process owns it."""
    stack = start_stack(server_tmp / "stack-var")
    yield stack
    stop_stack(stack)


@pytest.fixture(scope="session")
def live_backend(live_stack: RunningStack) -> str:
    return live_stack.base_url
