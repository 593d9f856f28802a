"""Draft mode on the tiny models: a random LoRA for the tiny UNet, saved with save_lora_weights,
loaded by the production loader, switched per batch.

The worker test runs the production composition root (ML_ENGINE=real from a Hugging Face cache
layout, PostgreSQL, SeaweedFS S3): a draft and a standard job with the same seed go through the
worker loop, and their stored images are compared with reference renders: the draft depends on the
LoRA's weights (LoRA on), the standard image equals the render of a generator without any LoRA.
"""

from __future__ import annotations

import asyncio
import io
import uuid
from collections.abc import Iterator

import httpx
import numpy as np
import pytest
from PIL import Image

from tests.integration.storage.conftest import s3_config_for, start_embedded_s3
from tests.support.postgres import truncate_all
from tortodelova.adapters.db.database import Database
from tortodelova.adapters.ml.cuda_graphs import enable_cuda_graphs
from tortodelova.adapters.ml.engine import build_engine
from tortodelova.adapters.ml.generator import DiffusersImageGenerator, DraftModeUnavailable
from tortodelova.adapters.ml.png import read_png_metadata
from tortodelova.application.ports.ml import ImageGenerator, ImageJob
from tortodelova.application.ports.queue import JobQueue
from tortodelova.application.use_cases.accounts.register_user import RegisterUser
from tortodelova.application.use_cases.generations.generation_input import GenerationInput
from tortodelova.application.use_cases.generations.get_generation import GetGeneration
from tortodelova.application.use_cases.generations.submit_generation import SubmitGeneration
from tortodelova.devstack.seaweed import EmbeddedS3
from tortodelova.domain.batch_key import BatchKey
from tortodelova.domain.failures import Failure
from tortodelova.domain.generation import Quality, Status
from tortodelova.entrypoints.config.settings import Settings
from tortodelova.entrypoints.ioc import in_request, make_container
from tortodelova.entrypoints.worker.loop import Worker
from tortodelova.entrypoints.worker.run_worker import ScopedStages

from .test_ml_cuda_graphs import StandInCapture


def job(seed: int, quality: str, steps: int = 4, guidance: float = 1.0) -> ImageJob:
    key = BatchKey(64, 64, steps, guidance, Quality(quality))
    return ImageJob(uuid.uuid4(), "two-tier cake with fondant", "blurry", seed, key)


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


@pytest.fixture(scope="module")
def plain(tiny_models) -> DiffusersImageGenerator:
    return DiffusersImageGenerator.load(str(tiny_models.sd), device="cpu")


@pytest.fixture(scope="module")
def with_lora(tiny_models) -> DiffusersImageGenerator:
    return DiffusersImageGenerator.load(str(tiny_models.sd), device="cpu", draft_lora=tiny_models.lora)


@pytest.fixture(scope="module")
def with_other_lora(tiny_models) -> DiffusersImageGenerator:
    return DiffusersImageGenerator.load(str(tiny_models.sd), device="cpu", draft_lora=tiny_models.other_lora)


def test_the_lora_is_on_for_drafts_only(plain, with_lora, with_other_lora) -> None:
    standard = [job(11, "standard"), job(12, "standard")]
    draft = [job(11, "draft"), job(12, "draft")]
    # Mixed batch: drafts and standard jobs run as separate groups, each in its own mode.
    mixed = with_lora.generate([draft[0], standard[0], draft[1], standard[1]])
    assert [pixels(p).tolist() for p in mixed[1::2]] == [pixels(p).tolist() for p in plain.generate(standard)]
    assert mixed[0::2] == with_lora.generate(draft)  # switching back and forth changes nothing
    # The draft depends on the LoRA's weights: another LoRA, another image (same seed, scheduler, steps).
    other = with_other_lora.generate(draft)
    assert all(not np.array_equal(pixels(a), pixels(b)) for a, b in zip(mixed[0::2], other, strict=True))
    meta = read_png_metadata(mixed[0])
    assert (meta["quality"], meta["scheduler"]) == ("draft", "lcm")
    assert read_png_metadata(mixed[1])["scheduler"] == with_lora.scheduler_name


def test_without_the_lora_a_draft_fails_instead_of_rendering_in_standard_mode(plain) -> None:
    with pytest.raises(DraftModeUnavailable, match="Черновик"):
        plain.generate([job(1, "standard"), job(1, "draft")])


def test_cuda_graphs_are_captured_per_quality(tiny_models) -> None:
    gen = DiffusersImageGenerator.load(str(tiny_models.sd), device="cpu", draft_lora=tiny_models.lora)
    reference = [gen.generate([job(5, q)]) for q in ("draft", "standard")]
    graphs = enable_cuda_graphs(gen.pipe.unet, device_type="cpu", capture=StandInCapture())
    gen.unet_graphs = graphs
    for _ in range(2):  # the second round replays both graphs
        assert [gen.generate([job(5, q)]) for q in ("draft", "standard")] == reference
    assert sorted(k[-1] for k in graphs.keys) == ["draft", "standard"]
    assert graphs.stats["eager"] == 0


def test_the_real_engine_loads_the_lora_from_the_cache_and_reports_when_absent(hf_cache, monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    common = dict(
        device="cpu",
        translator_model="tiny/opus-mt-ru-en",
        generator_model="tiny/dreamshaper",
        models_dir=str(hf_cache),
    )
    _, gen = build_engine("real", draft_lora="tiny/lcm-lora", **common)
    assert gen.has_draft
    _, without = build_engine("real", draft_lora="tiny/not-pulled", **common)
    assert not without.has_draft
    with pytest.raises(DraftModeUnavailable):
        without.generate([job(3, "draft")])


# --- through the worker on PostgreSQL and S3 --------------------------------------------------


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedS3]:
    server = start_embedded_s3(tmp_path_factory.mktemp("draft-s3"))
    yield server
    server.stop()


def stack_settings(url: str, s3: EmbeddedS3, hf_cache, draft_lora: str) -> Settings:
    cfg = s3_config_for(s3)
    return Settings(
        database_url=url,
        s3_endpoint=cfg.endpoint,
        s3_bucket=cfg.bucket,
        s3_access_key=cfg.access_key,
        s3_secret_key=cfg.secret_key,
        jwt_secret="draft-test-secret-draft-test-secret-0123",
        ml_engine="real",
        ml_device="cpu",
        translator_model="tiny/opus-mt-ru-en",
        generator_model="tiny/dreamshaper",
        draft_lora=draft_lora,
        models_dir=str(hf_cache),
        worker_batch_size=4,
        poll_interval_seconds=0.2,
    )


async def run_until_settled(
    container, ids: list[uuid.UUID], user_id: uuid.UUID, timeout_s: float = 60
) -> list:
    stages = ScopedStages(container)  # the worker process's own wiring (entrypoints/worker/run_worker.py)
    worker = Worker(
        "draft-w1",
        await container.get(JobQueue),
        lambda: stages,
        batch_size=4,
        lease_seconds=60,
        poll_interval=0.2,
    )
    task = asyncio.create_task(worker.run())
    try:
        for _ in range(int(timeout_s * 10)):
            async with in_request(container, GetGeneration) as get:
                views = [await get(user_id, i) for i in ids]
            if all(v.request.status.is_terminal for v in views):
                return [v.request for v in views]
            await asyncio.sleep(0.1)
        raise AssertionError("the worker did not settle the jobs")
    finally:
        worker.stopping.set()
        await task


async def test_worker_renders_a_draft_with_the_lora_and_a_standard_job_without(
    migrated_url, s3_server, hf_cache, tiny_models, plain, with_lora, with_other_lora, monkeypatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    container = make_container(stack_settings(migrated_url, s3_server, hf_cache, "tiny/lcm-lora"))
    try:
        await truncate_all(await container.get(Database))
        generator = await container.get(ImageGenerator)  # the production loader, LoRA included
        assert generator.has_draft
        async with in_request(container, RegisterUser) as register:
            user = await register("draft-worker@example.com", "correct horse")
        base = dict(prompt_ru="торт с ягодами", style="kids", seed=7)
        async with in_request(container, SubmitGeneration) as submit:
            draft = (await submit(user.id, GenerationInput(**base, quality="draft", steps=4))).view.request
        async with in_request(container, SubmitGeneration) as submit:
            standard = (await submit(user.id, GenerationInput(**base, steps=10, guidance=7.0))).view.request

        done = await run_until_settled(container, [draft.id, standard.id], user.id)
        assert [r.status for r in done] == [Status.SUCCESS, Status.SUCCESS], [r.error for r in done]
        async with httpx.AsyncClient() as http:
            images = [(await http.get(r.public_url)).content for r in done]
        assert [read_png_metadata(p)["quality"] for p in images] == ["draft", "standard"]

        def reference(gen: DiffusersImageGenerator, r) -> np.ndarray:
            return pixels(gen.generate([ImageJob.of(r, r.prompt_en, r.negative_prompt)])[0])

        stored_draft, stored_standard = (pixels(p) for p in images)
        assert np.array_equal(stored_standard, reference(plain, done[1]))  # LoRA off: the base model
        assert np.array_equal(stored_draft, reference(with_lora, done[0]))  # LoRA on ...
        assert not np.array_equal(stored_draft, reference(with_other_lora, done[0]))  # ... and it matters
    finally:
        await container.close()


async def test_worker_without_the_lora_fails_a_draft_and_charges_nothing(
    migrated_url, s3_server, hf_cache, monkeypatch
) -> None:
    """A draft queued while the API still offered drafts reaches a worker without the LoRA: it fails
    (nothing spent) rather than being rendered in standard mode."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    # The API side believes drafts exist (the LoRA is in the cache under this id) ...
    api = make_container(stack_settings(migrated_url, s3_server, hf_cache, "tiny/lcm-lora"))
    # ... the worker is configured without it.
    worker_side = make_container(stack_settings(migrated_url, s3_server, hf_cache, ""))
    try:
        await truncate_all(await api.get(Database))
        async with in_request(api, RegisterUser) as register:
            user = await register("no-lora-worker@example.com", "correct horse")
        async with in_request(api, SubmitGeneration) as submit:
            draft = (await submit(user.id, GenerationInput("торт с ягодами", "kids", quality="draft"))).view
        [done] = await run_until_settled(worker_side, [draft.request.id], user.id)
        assert done.status is Status.FAILED and done.credits_spent == 0
        # Users see the fixed wording of the failure class (it says nothing was charged); the worker's
        # log names the missing LoRA. The API refuses drafts before they reach such a worker (409).
        assert done.error == Failure.MODEL_ERROR.message
    finally:
        await worker_side.close()
        await api.close()
