"""The worker on the real path (production composition root, PostgreSQL, SeaweedFS S3, the tiny models
from a Hugging Face cache layout): img2img from an uploaded picture and from an own design, inpainting
with the outside-of-mask guarantee, a missing source, and live previews on the event bus.

The requests are queued by SubmitGeneration and then given their starting picture as the API stores
it (an upload row or a design id, the object keys and the strength on the row), so the worker reads
them back from S3.
"""

from __future__ import annotations

import asyncio
import dataclasses
import io
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import numpy as np
import pytest
from PIL import Image
from sqlalchemy import text

from tests.integration.storage.conftest import start_embedded_s3
from tests.support.postgres import truncate_all
from tortodelova.adapters.db.database import Database
from tortodelova.adapters.db.events import PgEventListener
from tortodelova.adapters.ml.generator import DiffusersImageGenerator
from tortodelova.adapters.ml.png import read_png_metadata
from tortodelova.adapters.ml.previews import DATA_URI_PREFIX
from tortodelova.adapters.ml.sources import fit_mask, fit_source
from tortodelova.application.ports.ml import ImageGenerator, ImageJob
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.storage import ObjectStore
from tortodelova.application.use_cases.accounts.register_user import RegisterUser
from tortodelova.application.use_cases.generations import process_generation
from tortodelova.application.use_cases.generations.generation_input import GenerationInput
from tortodelova.application.use_cases.generations.submit_generation import SubmitGeneration
from tortodelova.devstack.seaweed import EmbeddedS3
from tortodelova.domain.failures import Failure
from tortodelova.domain.generation import Mode, PredictionRequest, Status
from tortodelova.domain.uploads import Upload, UploadPurpose, upload_key
from tortodelova.entrypoints.ioc import in_request, make_container

from .test_ml_draft_mode import run_until_settled, stack_settings
from .test_ml_img2img import pixels, png


async def settled(container, ids: list[uuid.UUID], user_id: uuid.UUID) -> list:  # noqa: ANN001
    """The draft test's worker loop, with room for a CPU shared by parallel test runs."""
    return await run_until_settled(container, ids, user_id, timeout_s=300)


def photo() -> bytes:
    y, x = np.mgrid[0:300, 0:400]
    rgb = np.stack([x % 256, y % 256, (x + y) % 256], axis=-1).astype(np.uint8)
    return png(Image.fromarray(rgb))


def mask() -> bytes:
    m = Image.new("L", (400, 300), 0)
    m.paste(255, (150, 100, 260, 220))
    return png(m)


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedS3]:
    server = start_embedded_s3(tmp_path_factory.mktemp("loop-s3"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def reference(tiny_models) -> DiffusersImageGenerator:
    """A generator of its own, loaded like the worker's: the stored images must equal its renders."""
    return DiffusersImageGenerator.load(str(tiny_models.sd), device="cpu")


@pytest.fixture
async def stack(migrated_url, s3_server, hf_cache, monkeypatch):  # noqa: ANN201
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    settings = dataclasses.replace(
        stack_settings(migrated_url, s3_server, hf_cache, ""), preview_decoder="tiny/taesd"
    )
    container = make_container(settings)
    await truncate_all(await container.get(Database))
    async with in_request(container, RegisterUser) as register:
        user = await register(f"loop-{uuid.uuid4().hex[:8]}@example.com", "correct horse")
    try:
        yield container, user.id
    finally:
        await container.close()


async def submit(container, user_id, *, steps: int = 10, seed: int = 7, size: int = 512) -> PredictionRequest:  # noqa: ANN001
    async with in_request(container, SubmitGeneration) as use_case:
        created = await use_case(
            user_id,
            GenerationInput("торт с ягодами", "kids", seed=seed, steps=steps, width=size, height=size),
        )
    return created.view.request


async def upload(container, user_id, data: bytes, purpose: UploadPurpose, *, store: bool = True) -> Upload:  # noqa: ANN001
    """An upload row and its private object, as POST /api/uploads leaves them."""
    upload_id = uuid.uuid4()
    key = upload_key(user_id, upload_id)
    if store:
        await (await container.get(ObjectStore)).put(key, data, "image/png")
    image = Image.open(io.BytesIO(data))
    row = Upload(upload_id, user_id, purpose, image.width, image.height, key, datetime.now(UTC))
    async with in_request(container, UnitOfWork) as uow, uow:
        await uow.uploads.add(row)
        await uow.commit()
    return row


async def start_from(
    container,  # noqa: ANN001
    request_id: uuid.UUID,
    strength: float,
    *,
    init: Upload | PredictionRequest,
    mask_upload: Upload | None = None,
) -> None:
    """The starting-picture columns of a generation, as the API's submit fills them."""
    from_design = isinstance(init, PredictionRequest)
    values = {
        "id": request_id,
        "strength": strength,
        "upload": None if from_design else init.id,
        "design": init.id if from_design else None,
        "key": init.s3_key if from_design else init.object_key,
        "mask": mask_upload.id if mask_upload else None,
        "mask_key": mask_upload.object_key if mask_upload else None,
    }
    async with (await container.get(Database)).engine.begin() as conn:
        await conn.execute(
            text(
                "UPDATE prediction_requests SET strength = :strength, init_upload_id = :upload,"
                " init_generation_id = :design, init_object_key = :key, mask_upload_id = :mask,"
                " mask_object_key = :mask_key WHERE id = :id"
            ),
            values,
        )


def as_job(r: PredictionRequest, init: bytes | None, mask_png: bytes | None = None) -> ImageJob:
    return ImageJob.of(r, r.prompt_en or "", r.negative_prompt or "", init, mask_png)


async def fetch(url: str) -> bytes:
    async with httpx.AsyncClient() as http:
        response = await http.get(url)
        response.raise_for_status()
        return response.content


async def test_img2img_from_an_uploaded_picture(stack, reference) -> None:
    container, user_id = stack
    picture = await upload(container, user_id, photo(), UploadPurpose.REFERENCE)
    r = await submit(container, user_id)
    await start_from(container, r.id, 0.5, init=picture)

    [done] = await settled(container, [r.id], user_id)
    assert done.status is Status.SUCCESS, done.error
    stored = await fetch(done.public_url)
    assert read_png_metadata(stored)["mode"] == "image"
    assert np.array_equal(pixels(stored), pixels(reference.generate([as_job(done, photo())])[0]))
    job = as_job(done, None)
    from_text = dataclasses.replace(job, batch=dataclasses.replace(job.batch, mode=Mode.TEXT, strength=None))
    text_only = reference.generate([from_text])[0]
    assert not np.array_equal(pixels(stored), pixels(text_only))  # the picture mattered


async def test_img2img_from_an_own_design_then_inpainting_keeps_the_rest(stack, reference) -> None:
    container, user_id = stack
    first = await submit(container, user_id, seed=1)
    [design] = await settled(container, [first.id], user_id)
    assert design.status is Status.SUCCESS and design.s3_key

    again = await submit(container, user_id, seed=2)
    await start_from(container, again.id, 0.6, init=design)  # «Доработать»: the design's own object
    area = await upload(container, user_id, mask(), UploadPurpose.MASK)
    redraw = await submit(container, user_id, seed=3)
    await start_from(container, redraw.id, 0.8, init=design, mask_upload=area)

    refined, inpainted = await settled(container, [again.id, redraw.id], user_id)
    assert [refined.status, inpainted.status] == [Status.SUCCESS, Status.SUCCESS]
    source = await fetch(design.public_url)
    got = pixels(await fetch(refined.public_url))
    assert np.array_equal(got, pixels(reference.generate([as_job(refined, source)])[0]))

    out = pixels(await fetch(inpainted.public_url))
    fitted = np.asarray(fit_source(source, 512, 512))
    m = np.asarray(fit_mask(mask(), 512, 512))
    assert np.array_equal(out[m == 0], fitted[m == 0])  # outside the mask: the design, byte for byte
    assert (out[m == 255] != fitted[m == 255]).any(axis=-1).mean() > 0.5
    assert read_png_metadata(await fetch(inpainted.public_url))["mode"] == "inpaint"


async def test_a_missing_source_fails_that_job_alone_and_charges_nothing(stack) -> None:
    container, user_id = stack
    gone = await submit(container, user_id, seed=4)
    lost = await upload(container, user_id, photo(), UploadPurpose.REFERENCE, store=False)
    await start_from(container, gone.id, 0.5, init=lost)
    fine = await submit(container, user_id, seed=5)

    missing, ok = await settled(container, [gone.id, fine.id], user_id)
    assert missing.status is Status.FAILED and missing.credits_spent == 0
    assert (
        missing.error
        == Failure.SOURCE_MISSING.message
        == "Исходное изображение недоступно. Кредиты не списаны."
    )
    assert ok.status is Status.SUCCESS
    async with in_request(container, UnitOfWork) as uow, uow:
        user = await uow.users.get(user_id)
    assert user is not None and user.reserved_credits == 0


async def test_previews_reach_an_event_subscriber_mid_run(stack, migrated_url, monkeypatch) -> None:
    # Progress (and the latest preview with it) is published at most every PROGRESS_INTERVAL_S; the
    # tiny model renders 10 steps faster than that on a quiet machine, so the test ticks faster.
    monkeypatch.setattr(process_generation, "PROGRESS_INTERVAL_S", 0.02)
    container, user_id = stack
    generator = await container.get(ImageGenerator)
    assert generator.previewer.kind == "taesd"  # from the models directory
    r = await submit(container, user_id, steps=12)  # previews after steps 4 and 8
    listener = PgEventListener(migrated_url)
    previews: list[tuple[float, str]] = []
    try:
        async with listener.subscribe(r.id) as events:

            async def collect() -> None:
                async for event in events:
                    if event.preview is not None:
                        assert event.status is Status.PROCESSING
                        previews.append((event.progress, event.preview))
                    if event.status.is_terminal:
                        return

            collector = asyncio.create_task(collect())
            [done] = await settled(container, [r.id], user_id)
            await asyncio.wait_for(collector, 10)
    finally:
        await listener.aclose()
    assert done.status is Status.SUCCESS
    assert previews, "no preview was published while the image was rendering"
    assert all(0 < p < 1 and uri.startswith(DATA_URI_PREFIX) for p, uri in previews)
    assert len({uri for _, uri in previews}) == len(previews)  # each one new: stale ones are not resent
