"""Embedded S3 for integration tests: one real SeaweedFS per test session (per xdist worker).

`start_embedded_s3` and the fixtures below only depend on tmp dirs, so they can move to
tests/conftest.py as they are.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from tortodelova.adapters.storage.s3 import S3Config, S3ObjectStore
from tortodelova.devstack.seaweed import EmbeddedS3


def start_embedded_s3(tmp_dir: Path, **kwargs: Any) -> EmbeddedS3:
    """Start SeaweedFS with its data under tmp_dir; the caller stops it (`server.stop()`)."""
    server = EmbeddedS3(tmp_dir, **kwargs)
    server.start()
    return server


def s3_config_for(server: EmbeddedS3, **overrides: Any) -> S3Config:
    values: dict[str, Any] = {
        "endpoint": server.endpoint,
        "bucket": server.bucket,
        "access_key": server.access_key,
        "secret_key": server.secret_key,
    }
    return S3Config(**(values | overrides))


@pytest.fixture(scope="session")
def embedded_s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedS3]:
    server = start_embedded_s3(tmp_path_factory.mktemp("s3"))
    yield server
    server.stop()


@pytest.fixture
async def s3_store(embedded_s3: EmbeddedS3) -> AsyncIterator[S3ObjectStore]:
    async with S3ObjectStore(s3_config_for(embedded_s3)) as store:
        await store.ensure_bucket()
        yield store
