"""Starting from a picture on the tiny models (the production pipelines, CPU): img2img, inpainting
with the outside-of-mask guarantee, the steps actually run, batching of modes."""

from __future__ import annotations

import io
import uuid

import numpy as np
import pytest
from PIL import Image

from tortodelova.adapters.ml.generator import DiffusersImageGenerator, pipeline_strength, steps_run
from tortodelova.adapters.ml.png import read_png_metadata
from tortodelova.adapters.ml.sources import fit_mask, fit_source
from tortodelova.application.ports.ml import ImageJob
from tortodelova.domain.batch_key import BatchKey
from tortodelova.domain.generation import Mode


def png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


@pytest.fixture(scope="module")
def source() -> bytes:
    """A photo-like source of another size and aspect than the jobs (a smooth gradient with a disc)."""
    y, x = np.mgrid[0:90, 0:120]
    rgb = np.stack([x * 2, y * 2, 255 - x - y], axis=-1).clip(0, 255).astype(np.uint8)
    image = Image.fromarray(rgb)
    image.paste((250, 240, 20), (40, 20, 80, 60))
    return png(image)


@pytest.fixture(scope="module")
def mask() -> bytes:
    """White (redraw) in a square in the middle, soft-edged grey around it, black elsewhere."""
    m = Image.new("L", (120, 90), 0)
    m.paste(100, (40, 25, 85, 70))  # below the threshold: kept
    m.paste(255, (45, 30, 80, 65))
    return png(m)


def job(seed: int, *, steps: int = 8, strength: float | None = None, init: bytes | None = None,
        mask: bytes | None = None, size: tuple[int, int] = (64, 64)) -> ImageJob:  # fmt: skip
    mode = Mode.TEXT if init is None else Mode.INPAINT if mask is not None else Mode.IMAGE
    key = BatchKey(size[0], size[1], steps, 7.0, mode=mode, strength=strength)
    return ImageJob(uuid.uuid4(), "cake with a gold topper", "blurry", seed, key, init, mask)


@pytest.mark.parametrize(("steps", "strength", "run"), [(8, 0.5, 4), (25, 0.3, 8), (10, 0.9, 9), (4, 0.2, 1)])
def test_a_start_from_a_picture_runs_ceil_steps_x_strength_steps(
    generator, source, steps, strength, run
) -> None:
    assert steps_run(steps, strength) == run
    assert int(steps * pipeline_strength(steps, strength)) == run  # what diffusers will run
    calls: list[tuple[int, int]] = []
    generator.generate(
        [job(1, steps=steps, strength=strength, init=source)], lambda d, t: calls.append((d, t))
    )
    assert calls == [(i, run) for i in range(1, run + 1)]


def test_img2img_is_reproducible_follows_the_source_and_is_labelled(generator, source) -> None:
    a = generator.generate([job(5, strength=0.4, init=source)])[0]
    assert generator.generate([job(5, strength=0.4, init=source)])[0] == a
    text_only = generator.generate([job(5)])[0]
    fitted = np.asarray(fit_source(source, 64, 64), dtype=np.int16)
    out = pixels(a).astype(np.int16)
    assert out.shape == (64, 64, 3)
    # Closer to the source than a render from noise with the same seed.
    assert np.abs(out - fitted).mean() < np.abs(pixels(text_only).astype(np.int16) - fitted).mean()
    meta = read_png_metadata(a)
    assert (meta["mode"], meta["strength"]) == ("image", 0.4)
    assert "mode" not in read_png_metadata(text_only)


def test_the_source_is_cover_cropped_to_the_job_size() -> None:
    wide = Image.new("RGB", (300, 100), (255, 0, 0))
    wide.paste((0, 0, 255), (100, 0, 200, 100))  # the middle third is blue
    fitted = np.asarray(fit_source(png(wide), 64, 64))
    assert fitted.shape == (64, 64, 3)
    assert (fitted[:, 8:56, 2] > 200).all() and (fitted[:, 8:56, 0] < 60).all()  # the centre, not squashed


def test_inpainting_keeps_every_pixel_outside_the_mask_byte_for_byte(generator, source, mask) -> None:
    size = (64, 96)
    out = pixels(generator.generate([job(9, strength=0.8, init=source, mask=mask, size=size)])[0])
    fitted = np.asarray(fit_source(source, *size))
    m = np.asarray(fit_mask(mask, *size))
    assert set(np.unique(m)) == {0, 255}
    keep, redraw = m == 0, m == 255
    assert keep.sum() > 0 and redraw.sum() > 0
    assert np.array_equal(out[keep], fitted[keep])  # the guarantee
    assert (out[redraw] != fitted[redraw]).any(axis=-1).mean() > 0.5  # and the area was redrawn


def test_one_call_with_all_modes_runs_them_as_groups_and_counts_their_steps(generator, source, mask) -> None:
    jobs = [job(1), job(2, strength=0.5, init=source), job(3, strength=0.5, init=source, mask=mask), job(4)]
    calls: list[tuple[int, int]] = []
    together = generator.generate(jobs, lambda d, t: calls.append((d, t)))
    total = 8 + 4 + 4
    assert calls == [(i, total) for i in range(1, total + 1)]
    alone = [generator.generate([j])[0] for j in jobs]
    for a, b in zip(together, alone, strict=True):
        assert np.abs(pixels(a).astype(np.int16) - pixels(b).astype(np.int16)).max() <= 2
    assert [read_png_metadata(p).get("mode", "text") for p in together] == [
        "text",
        "image",
        "inpaint",
        "text",
    ]


def test_no_second_model_the_derived_pipelines_share_the_loaded_modules(tiny_models, source, mask) -> None:
    gen = DiffusersImageGenerator.load(str(tiny_models.sd), device="cpu")
    gen.generate([job(1, strength=0.5, init=source), job(2, strength=0.5, init=source, mask=mask)])
    for pipe in gen._derived.values():
        assert pipe.unet is gen.pipe.unet and pipe.vae is gen.pipe.vae
        assert pipe.text_encoder is gen.pipe.text_encoder and pipe.scheduler is gen.pipe.scheduler
