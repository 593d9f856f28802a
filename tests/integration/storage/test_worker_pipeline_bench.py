"""`bench/worker_pipeline.py`, short form: both loops on real PostgreSQL and S3 (no timed assertions)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from tests.integration.storage.conftest import s3_config_for
from tests.support.postgres import truncate_all
from tortodelova.adapters.db.database import Database
from tortodelova.devstack.seaweed import EmbeddedS3

ROOT = Path(__file__).resolve().parents[3]


async def test_both_loops_process_every_job_once_and_report_their_busy_fraction(
    database: Database, migrated_url: str, embedded_s3: EmbeddedS3
) -> None:
    spec = importlib.util.spec_from_file_location(
        "bench_worker_pipeline", ROOT / "bench" / "worker_pipeline.py"
    )
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench  # its dataclasses look their module up there
    spec.loader.exec_module(bench)
    await truncate_all(database)  # the bench's workers must find only the bench's jobs
    sequential, pipelined = await bench.compare(
        migrated_url, s3_config_for(embedded_s3), jobs=10, batch_seconds=0.05, batch_size=2
    )
    for result in (sequential, pipelined):
        assert result.succeeded == result.debited_once == result.jobs == 10
        assert result.batches == 5 and result.max_concurrent_renders == 1
        assert 0 < result.busy_fraction <= 1
    assert not sequential.pipeline and pipelined.pipeline
    assert "ratio pipelined/sequential" in bench.report(sequential, pipelined)
