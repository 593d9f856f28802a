"""The HTTP layer: the real app and use cases on the memory container (`api`), PostgreSQL (`pg_api`),
or PostgreSQL and a real S3 (`s3_api`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

import pytest
from dishka import Provider

from tests.http.harness import SETTINGS, Harness, harness
from tortodelova.adapters.storage.s3 import S3ObjectStore
from tortodelova.devstack.seaweed import EmbeddedS3
from tortodelova.entrypoints.ioc.infrastructure import S3Provider


@pytest.fixture
async def api() -> AsyncIterator[Harness]:
    async with harness() as h:
        yield h


@pytest.fixture
async def pg_api(migrated_url: str) -> AsyncIterator[Harness]:
    """The app over PostgreSQL (emptied): admin statistics and /metrics are read in SQL only."""
    async with harness(database_url=migrated_url) as h:
        yield h


@asynccontextmanager
async def s3_harness(
    migrated_url: str, embedded_s3: EmbeddedS3, *providers: Provider
) -> AsyncIterator[Harness]:
    """The app over PostgreSQL and a real S3 (the session's SeaweedFS), as production wires them;
    `providers` override the container's (a real upscaler, say)."""
    settings = replace(
        SETTINGS,
        s3_endpoint=embedded_s3.endpoint,
        s3_bucket=embedded_s3.bucket,
        s3_access_key=embedded_s3.access_key,
        s3_secret_key=embedded_s3.secret_key,
    )
    async with harness(settings, S3Provider(), *providers, database_url=migrated_url) as h:
        await (await h.container.get(S3ObjectStore)).ensure_bucket()  # the anonymous-read policy
        yield h


@pytest.fixture
async def s3_api(migrated_url: str, embedded_s3: EmbeddedS3) -> AsyncIterator[Harness]:
    async with s3_harness(migrated_url, embedded_s3) as h:
        yield h
