"""Embedded S3 (a real SeaweedFS) for tests: start one, and an S3Config pointing at it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tortodelova.adapters.storage.s3 import S3Config
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
