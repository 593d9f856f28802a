"""Embedded S3 for integration tests: the session's real SeaweedFS (tests/conftest.py `embedded_s3`)
and a started store on it. `start_embedded_s3` / `s3_config_for` live in tests/support/s3.py."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.support.s3 import s3_config_for, start_embedded_s3
from tortodelova.adapters.storage.s3 import S3ObjectStore
from tortodelova.devstack.seaweed import EmbeddedS3

__all__ = ["s3_config_for", "start_embedded_s3"]  # imported from here by older tests


@pytest.fixture
async def s3_store(embedded_s3: EmbeddedS3) -> AsyncIterator[S3ObjectStore]:
    async with S3ObjectStore(s3_config_for(embedded_s3)) as store:
        await store.ensure_bucket()
        yield store
