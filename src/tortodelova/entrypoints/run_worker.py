"""`tortodelova worker`: load the ML engine, connect to PostgreSQL and S3, run the worker loop."""

from __future__ import annotations

import asyncio
import logging
import sys

from tortodelova.adapters.db.database import Database
from tortodelova.adapters.ml.models import ModelsMissing
from tortodelova.adapters.ml.prompts import StylePromptBuilder
from tortodelova.application.ports import Clock, EventPublisher, IdGenerator, JobQueue, ObjectStore
from tortodelova.application.use_cases.process_generation import ProcessGeneration
from tortodelova.entrypoints.ioc import make_container
from tortodelova.entrypoints.logging_setup import configure_logging
from tortodelova.entrypoints.ml_engine import DEMO_WARNING, build_ml
from tortodelova.entrypoints.settings import Settings
from tortodelova.entrypoints.worker import Worker, default_worker_id, install_signal_handlers

log = logging.getLogger("tortodelova.worker")


async def run_worker(settings: Settings, worker_id: str | None = None, ml: tuple | None = None) -> int:
    """`ml` = (translator, generator) replaces the configured engine (tests inject faults this way)."""
    configure_logging(settings.log_level, settings.log_format)
    if not settings.database_url or not settings.s3_endpoint:
        print("DATABASE_URL и S3_ENDPOINT обязательны / DATABASE_URL and S3_ENDPOINT are required", file=sys.stderr)
        return 2
    try:
        translator, generator = ml or await asyncio.to_thread(build_ml, settings)
    except ModelsMissing as exc:
        print(f"Воркер не запущен / worker not started: {exc}", file=sys.stderr)
        return 3
    if getattr(generator, "is_demo", False):
        log.warning("%s", DEMO_WARNING)
    log.info("ML engine ready: %s", generator.model_id)

    container = make_container(settings)
    try:
        db = await container.get(Database)
        queue = await container.get(JobQueue)
        store = await container.get(ObjectStore)
        events = await container.get(EventPublisher)
        ids, clock = await container.get(IdGenerator), await container.get(Clock)
        prompts = StylePromptBuilder()

        def process() -> ProcessGeneration:
            return ProcessGeneration(
                db.unit_of_work(), translator, prompts, generator, store, events, ids, clock, settings.max_attempts
            )

        worker = Worker(
            worker_id or default_worker_id(),
            queue,
            process,
            batch_size=settings.worker_batch_size,
            lease_seconds=settings.lease_seconds,
            poll_interval=settings.poll_interval_seconds,
        )
        task = asyncio.ensure_future(worker.run())
        install_signal_handlers(worker, task)
        try:
            await task
        except asyncio.CancelledError:
            pass
    finally:
        await container.close()
    return 0
