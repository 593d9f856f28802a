"""`tortodelova worker`: load the ML engine, connect to PostgreSQL and S3, run the worker loop."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Sequence

from dishka import AsyncContainer, Provider, Scope, provide

from tortodelova.adapters.ml.models import ModelsMissing
from tortodelova.application.ports.ml import ImageGenerator, Translator
from tortodelova.application.ports.queue import JobQueue
from tortodelova.application.use_cases.generations.process_generation import Outcome, ProcessGeneration, Work
from tortodelova.domain.generation import PredictionRequest
from tortodelova.entrypoints.config.logging_setup import configure_logging
from tortodelova.entrypoints.config.settings import Settings
from tortodelova.entrypoints.ioc import in_request, make_container
from tortodelova.entrypoints.ioc.ml_engine import DEMO_WARNING, fetch_models
from tortodelova.entrypoints.worker.loop import Worker, default_worker_id, install_signal_handlers

log = logging.getLogger("tortodelova.worker")


class GivenMl(Provider):
    """Overrides the configured ML engine with ready objects (tests inject faults this way)."""

    scope = Scope.APP

    def __init__(self, translator: Translator, generator: ImageGenerator) -> None:
        super().__init__()
        self._translator, self._generator = translator, generator

    @provide
    def translator(self) -> Translator:
        return self._translator

    @provide
    def generator(self) -> ImageGenerator:
        return self._generator


class ScopedStages:
    """ProcessGeneration's stages, each in a container scope of its own: the stages of different
    batches overlap, so none may share another's unit of work. `Work` carries the state between them."""

    def __init__(self, container: AsyncContainer) -> None:
        self.container = container

    async def prepare(self, worker_id: str, batch: Sequence[PredictionRequest]) -> Work:
        async with in_request(self.container, ProcessGeneration) as process:
            return await process.prepare(worker_id, batch)

    async def render(self, worker_id: str, work: Work) -> Work:
        async with in_request(self.container, ProcessGeneration) as process:
            return await process.render(worker_id, work)

    async def finish(self, worker_id: str, work: Work) -> list[Outcome]:
        async with in_request(self.container, ProcessGeneration) as process:
            return await process.finish(worker_id, work)


async def run_worker(
    settings: Settings,
    worker_id: str | None = None,
    ml: tuple[Translator, ImageGenerator] | None = None,
    overrides: Sequence[Provider] = (),
) -> int:
    """`ml` = (translator, generator) replaces the configured engine; `overrides` replace any provider."""
    configure_logging(settings.log_level, settings.log_format)
    if not settings.database_url or not settings.s3_endpoint:
        print(
            "DATABASE_URL и S3_ENDPOINT обязательны / DATABASE_URL and S3_ENDPOINT are required",
            file=sys.stderr,
        )
        return 2
    if settings.ml_auto_pull and ml is None:
        await asyncio.to_thread(fetch_models, settings, sys.stderr)
    container = make_container(settings, *((GivenMl(*ml),) if ml else ()), *overrides)
    try:
        try:
            generator = await container.get(ImageGenerator)  # loads the models before any job is claimed
        except ModelsMissing as exc:
            print(f"Воркер не запущен / worker not started: {exc}", file=sys.stderr)
            return 3
        if getattr(generator, "is_demo", False):
            log.warning("%s", DEMO_WARNING)
        log.info("ML engine ready: %s", generator.model_id)

        stages = ScopedStages(container)
        worker = Worker(
            worker_id or default_worker_id(),
            await container.get(JobQueue),
            lambda: stages,
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
