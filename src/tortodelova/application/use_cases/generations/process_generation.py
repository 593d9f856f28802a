"""The worker's use case: translate -> build prompt -> generate -> store -> settle.

Three stages, prepare (translate, prompts) -> render (the model) -> finish (store, settle), pass a
`Work` from one to the next, so the worker can overlap them across batches; calling the use case
runs them in a row.

A batch holds jobs the worker has already claimed (one batch key: domain/batch_key.py). Every write is
fenced by the lease (worker id and claim number): if the job was claimed again since, by another
worker or by a worker with the same id, this result is dropped.

Starting pictures: a job that starts from an upload or a design (img2img) and may carry a mask
(inpainting) has its objects read from the store in `prepare`, each distinct object once a batch; a
missing one fails that job alone with a fixed message and no charge.

Live previews: the generator reports small pictures of the image forming; only the latest of each
job is kept and published with the next progress event (once: the SSE stream keeps showing it).

Upscales (issue 22): a job of kind `upscale` reads its parent's picture like a starting picture and
goes through the upscaler instead of the translator and the model; it is stored and settled the same
way (charged once its picture is stored, nothing on failure). Kinds never share a batch.

Failures: the user sees the fixed message of the failure class (application/use_cases/generations/classify_failure.py), the
details go to the log with the job id. A batch that fails with a non-transient error in the model
is retried job by job, so only the job that breaks the model fails.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from uuid import UUID

from tortodelova.application.ports.errors import ObjectNotFound
from tortodelova.application.ports.events import EventPublisher, GenerationEvent
from tortodelova.application.ports.ml import ImageGenerator, ImageJob, PromptBuilder, Translator
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.storage import ObjectStore
from tortodelova.application.ports.system import Clock, IdGenerator
from tortodelova.application.ports.upscaling import Upscaler
from tortodelova.application.use_cases.generations.classify_failure import (
    AttemptsExhausted,
    SourceImageMissing,
    Stage,
    classify,
    is_transient,
)
from tortodelova.domain import wallet
from tortodelova.domain.errors import LeaseLost
from tortodelova.domain.failures import RETRYING
from tortodelova.domain.file_names import design_file_name
from tortodelova.domain.generation import DesignKind, Lease, PredictionRequest, Status, design_key

log = logging.getLogger(__name__)

PROGRESS_INTERVAL_S = 0.5  # how often progress is written and published


@dataclass(frozen=True, slots=True)
class Outcome:
    request_id: UUID
    status: Status


@dataclass(frozen=True, slots=True)
class Sources:
    """A job's starting picture (PNG) and mask (L PNG, white = redraw), read from the object store."""

    init_image: bytes | None = None
    mask: bytes | None = None


@dataclass(slots=True)
class Part:
    """Jobs that go through the model in one call, with their prompts and, once rendered, images."""

    requests: list[PredictionRequest]
    jobs: list[ImageJob]
    images: list[bytes] | None = None


@dataclass(slots=True)
class Work:
    """A batch between two stages: the parts still going, and the outcomes already decided."""

    parts: list[Part]
    outcomes: list[Outcome] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class WorkerPolicy:
    """How many times a job is claimed before it fails for good (MAX_ATTEMPTS)."""

    max_attempts: int


class ProcessGeneration:
    def __init__(
        self,
        *,
        uow: UnitOfWork,
        translator: Translator,
        prompts: PromptBuilder,
        generator: ImageGenerator,
        store: ObjectStore,
        events: EventPublisher,
        ids: IdGenerator,
        clock: Clock,
        policy: WorkerPolicy,
        upscaler: Upscaler,
    ) -> None:
        self.uow, self.translator, self.prompts, self.generator = uow, translator, prompts, generator
        self.upscaler = upscaler
        self.store, self.events, self.ids, self.clock = store, events, ids, clock
        self.max_attempts = policy.max_attempts

    async def __call__(self, worker_id: str, batch: Sequence[PredictionRequest]) -> list[Outcome]:
        """The three stages in a row (the worker's pipelined loop overlaps them across batches)."""
        return await self.finish(
            worker_id, await self.render(worker_id, await self.prepare(worker_id, batch))
        )

    # --- stages ----------------------------------------------------------------------------------
    async def prepare(self, worker_id: str, batch: Sequence[PredictionRequest]) -> Work:
        """Translate and build the prompts (in a thread); jobs out of attempts fail here."""
        # A job whose worker died mid-run comes back with its attempts spent (e.g. it crashes the GPU).
        outcomes = [
            await self._fail(worker_id, r, AttemptsExhausted(r.attempts - 1), Stage.RENDER)
            for r in batch
            if r.attempts > self.max_attempts
        ]
        sources: dict[UUID, Sources] = {}
        objects: dict[str, bytes] = {}  # the variants of one submit share their picture and mask
        live = []
        for r in (r for r in batch if r.attempts <= self.max_attempts):
            try:
                sources[r.id] = await self._sources(r, objects)
            except Exception as exc:  # noqa: BLE001 - a missing or unreadable source fails this job only
                outcomes.append(await self._fail(worker_id, r, exc, Stage.RENDER))
            else:
                live.append(r)

        async def attempt(requests: list[PredictionRequest]) -> list[Part]:
            try:
                return [Part(requests, await asyncio.to_thread(self._prepare, requests, sources))]
            except Exception as exc:  # noqa: BLE001 - every failure must end in requeue or failed
                return await self._one_by_one(worker_id, requests, exc, attempt, outcomes)

        return Work(await attempt(live) if live else [], outcomes)

    async def render(self, worker_id: str, work: Work) -> Work:
        """Run the model on each part (in a thread, so the event loop stays free)."""
        outcomes = list(work.outcomes)
        jobs = {job.request_id: job for part in work.parts for job in part.jobs}

        async def attempt(requests: list[PredictionRequest]) -> list[Part]:
            part = Part(requests, [jobs[r.id] for r in requests])
            try:
                part.images = await self._render(worker_id, requests, part.jobs)
            except Exception as exc:  # noqa: BLE001 - every failure must end in requeue or failed
                return await self._one_by_one(worker_id, requests, exc, attempt, outcomes)
            return [part]

        return Work([done for part in work.parts for done in await attempt(part.requests)], outcomes)

    async def finish(self, worker_id: str, work: Work) -> list[Outcome]:
        """Upload each part's images, then settle its jobs: a job is only debited once its image is stored."""
        outcomes = list(work.outcomes)
        for part in work.parts:
            outcomes += await self._store_and_settle(worker_id, part)
        return outcomes

    async def _one_by_one(
        self,
        worker_id: str,
        requests: list[PredictionRequest],
        exc: Exception,
        attempt: Callable[[list[PredictionRequest]], Awaitable[list[Part]]],
        outcomes: list[Outcome],
    ) -> list[Part]:
        """One poisonous prompt must not fail its batch-mates: each gets a batch of its own."""
        if len(requests) > 1 and not is_transient(exc):
            log.warning("batch of %d failed (%r); retrying its jobs one by one", len(requests), exc)
            return [part for r in requests for part in await attempt([r])]
        outcomes += [await self._fail(worker_id, r, exc, Stage.RENDER) for r in requests]
        return []

    async def _store_and_settle(self, worker_id: str, part: Part) -> list[Outcome]:
        assert part.images is not None, "finish() takes the work render() returned"
        keys = [design_key(r.user_id, r.id) for r in part.requests]
        try:
            # An attachment named after the description and the day: the «Скачать» link saves the file
            # under that name (the header wins over the link's download attribute, which a cross-origin
            # S3 URL ignores anyway); <img> tags show it all the same.
            await asyncio.gather(
                *(
                    self.store.put(
                        k, png, "image/png", download_name=design_file_name(r.params.prompt_ru, r.created_at)
                    )
                    for r, k, png in zip(part.requests, keys, part.images, strict=True)
                )
            )
        except Exception as exc:  # noqa: BLE001
            return [await self._fail(worker_id, r, exc, Stage.STORE) for r in part.requests]
        return [
            await self._settle(worker_id, r, job, k)
            for r, job, k in zip(part.requests, part.jobs, keys, strict=True)
        ]

    # --- steps ---------------------------------------------------------------------------------
    async def _sources(self, request: PredictionRequest, cache: dict[str, bytes]) -> Sources:
        """The starting picture and mask of an img2img / inpainting job (none for a text-only job).

        `cache` holds the objects this batch has already read; only successful reads are kept, so a
        missing or unreadable object fails each job that needs it, as a read of its own would."""

        async def read(key: str | None) -> bytes | None:
            if key is None:
                return None
            if key not in cache:
                try:
                    cache[key] = await self.store.get(key)
                except ObjectNotFound:
                    raise SourceImageMissing(key) from None
            return cache[key]

        return Sources(await read(request.init_object_key), await read(request.mask_object_key))

    def _prepare(self, batch: Sequence[PredictionRequest], sources: dict[UUID, Sources]) -> list[ImageJob]:
        """Translate prompts and negative prompts in one MT call, then build the final prompts.

        What a description says to leave out («без мастики») joins the negative prompt after the
        user's own negative prompt; everything a negative prompt names is to be avoided. An upscale
        needs neither: its job is the parent's picture and the size to reach."""
        if _upscales(batch):
            return [ImageJob.of(r, "", "", sources[r.id].init_image) for r in batch]
        texts = [r.params.prompt_ru for r in batch]
        negatives = [r.params.negative_prompt_ru for r in batch if r.params.negative_prompt_ru]
        translated = self.translator.translate(texts + negatives)
        neg_iter = iter(translated[len(texts) :])
        jobs = []
        for request, prompt in zip(batch, translated, strict=False):
            own = next(neg_iter) if request.params.negative_prompt_ru else None
            avoid = [own.text, *own.avoid] if own else []
            negative_en = ", ".join(p for p in [*avoid, *prompt.avoid] if p.strip()) or None
            positive, negative = self.prompts.build(prompt.text, request.params.style, negative_en)
            source = sources.get(request.id, Sources())
            jobs.append(ImageJob.of(request, positive, negative, source.init_image, source.mask))
        return jobs

    async def _render(
        self, worker_id: str, batch: Sequence[PredictionRequest], jobs: list[ImageJob]
    ) -> list[bytes]:
        loop = asyncio.get_running_loop()
        latest = {"value": 0.0}
        previews: dict[UUID, str] = {}  # the newest not yet published, per job
        changed = asyncio.Event()
        finished = False

        def on_progress(step: int, total: int) -> None:  # called from the generator's thread
            latest["value"] = step / total if total else 1.0
            loop.call_soon_threadsafe(changed.set)

        def on_preview(index: int, data_uri: str) -> None:  # called from the generator's thread
            previews[jobs[index].request_id] = data_uri  # replaces a stale one not yet sent

        async def report() -> None:
            """At most one write per PROGRESS_INTERVAL_S; the write in flight completes at the end.
            The first step is always reported, so every stream sees `processing` before the result."""
            last_sent = float("-inf")
            while True:
                await changed.wait()
                changed.clear()
                first = last_sent == float("-inf")
                if finished and not first:
                    return
                await asyncio.sleep(max(0.0, PROGRESS_INTERVAL_S - (time.monotonic() - last_sent)))
                if finished and not first:  # images done: settlement writes the final state, don't delay it
                    return
                last_sent = time.monotonic()
                fresh = {r.id: uri for r in batch if (uri := previews.pop(r.id, None)) is not None}
                await self._progress(worker_id, batch, min(latest["value"], 0.99), fresh)

        reporter = asyncio.create_task(report())
        try:
            if _upscales(batch):
                return await asyncio.to_thread(self._upscale, jobs, on_progress)
            return await asyncio.to_thread(self.generator.generate, jobs, on_progress, on_preview)
        finally:
            finished = True
            changed.set()
            try:
                await asyncio.wait_for(reporter, PROGRESS_INTERVAL_S + 5)
            except (TimeoutError, asyncio.CancelledError):
                reporter.cancel()

    def _upscale(self, jobs: list[ImageJob], on_progress: Callable[[int, int], None]) -> list[bytes]:
        out = []
        for job in jobs:
            assert job.init_image is not None, "an upscale job carries its parent's picture"
            out.append(self.upscaler.upscale(job.init_image, job.batch.width, job.batch.height, on_progress))
        return out

    async def _progress(
        self,
        worker_id: str,
        batch: Sequence[PredictionRequest],
        value: float,
        previews: dict[UUID, str] | None = None,
    ) -> None:
        for request in batch:
            lease = _lease(worker_id, request)
            try:
                async with self._held(request, lease) as (_, current):
                    current.report_progress(lease, value)
            except LeaseLost:
                continue
            preview = (previews or {}).get(request.id)
            await self.events.publish(
                GenerationEvent(request.id, request.user_id, Status.PROCESSING, value, preview=preview)
            )

    async def _settle(self, worker_id: str, request: PredictionRequest, job: ImageJob, key: str) -> Outcome:
        """Success and debit in one DB transaction, fenced by the lease (owner and claim number)."""
        lease = _lease(worker_id, request)
        try:
            async with self._held(request, lease) as (uow, current):
                user = await uow.users.get(current.user_id, for_update=True)
                assert user is not None
                now = self.clock.now()
                if current.kind is DesignKind.UPSCALE:
                    current.model = self.upscaler.model_id
                else:
                    current.set_prompts(job.prompt, job.negative_prompt)
                    current.model = self.generator.model_id  # the model that actually drew it
                amount = current.succeed(lease, key, self.store.public_url(key), now)
                tx = wallet.settle(user, amount, request_id=current.id, tx_id=self.ids.new(), now=now)
                user.updated_at = now
                await uow.transactions.add(tx)
                await uow.users.save(user)
        except LeaseLost:
            log.warning(
                "lease on %s (claim %d) lost before settlement; result dropped", request.id, lease.seq
            )
            return Outcome(request.id, Status.PROCESSING)
        await self.events.publish(
            GenerationEvent(current.id, current.user_id, Status.SUCCESS, 1.0, public_url=current.public_url)
        )
        return Outcome(current.id, Status.SUCCESS)

    async def _fail(
        self, worker_id: str, request: PredictionRequest, exc: Exception, stage: Stage
    ) -> Outcome:
        """Transient errors go back to the queue while attempts remain; anything else fails with no charge.

        The user gets the failure class's fixed message; the exception goes to the log only."""
        failure = classify(exc, stage)
        lease = _lease(worker_id, request)
        log.warning(
            "generation %s (attempt %d) failed: %s: %r",
            request.id,
            request.attempts,
            failure,
            exc,
            exc_info=exc if not is_transient(exc) else None,
        )
        try:
            async with self._held(request, lease) as (uow, current):
                if is_transient(exc) and current.attempts < self.max_attempts:
                    current.requeue(lease, RETRYING)
                else:
                    user = await uow.users.get(current.user_id, for_update=True)
                    assert user is not None
                    current.fail(failure.message, self.clock.now(), owner=lease)
                    wallet.release(user, current.credits_reserved)
                    user.updated_at = self.clock.now()
                    await uow.users.save(user)
        except LeaseLost:
            return Outcome(request.id, Status.PROCESSING)
        if current.status is Status.PENDING:
            await self.events.job_submitted()
        await self.events.publish(
            GenerationEvent(
                current.id, current.user_id, current.status, current.progress, error=current.error
            )
        )
        return Outcome(current.id, current.status)

    @asynccontextmanager
    async def _held(
        self, request: PredictionRequest, lease: Lease
    ) -> AsyncIterator[tuple[UnitOfWork, PredictionRequest]]:
        """One transaction on the job's row, locked (FOR UPDATE) and fenced: LeaseLost unless `lease`
        still holds it. The job is saved and the transaction committed after the body."""
        async with self.uow as uow:
            current = await uow.generations.get(request.id, for_update=True)
            if current is None:
                raise LeaseLost()
            current.check_owner(lease)
            yield uow, current
            await uow.generations.save(current)
            await uow.commit()


def _upscales(batch: Sequence[PredictionRequest]) -> bool:
    """A batch is of one kind (domain/batch_key.py): upscales, or generations."""
    return bool(batch) and batch[0].kind is DesignKind.UPSCALE


def _lease(worker_id: str, request: PredictionRequest) -> Lease:
    """The hold this worker got when it claimed `request` (the claim stamped its number on it)."""
    return Lease(worker_id, request.lease_seq)
