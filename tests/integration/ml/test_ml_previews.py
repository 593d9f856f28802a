"""Live previews on the tiny models: TAESD (AutoencoderTiny from the models directory) when present,
the linear SD 1.5 approximation otherwise; small JPEG data URIs every few steps."""

from __future__ import annotations

import base64
import io
import uuid

import numpy as np
import pytest
import torch
from PIL import Image

from tortodelova.adapters.ml.engine import build_demo_engine, build_engine
from tortodelova.adapters.ml.generator import DiffusersImageGenerator
from tortodelova.adapters.ml.previews import (
    DATA_URI_PREFIX,
    PREVIEW_MAX_CHARS,
    PREVIEW_MAX_SIDE,
    SD15_LATENT_RGB,
    LatentPreviewer,
    jpeg_data_uri,
    preview_steps,
)
from tortodelova.application.ports.ml import ImageJob
from tortodelova.domain.batch_key import BatchKey


def decode(uri: str) -> Image.Image:
    assert uri.startswith(DATA_URI_PREFIX)
    image = Image.open(io.BytesIO(base64.b64decode(uri[len(DATA_URI_PREFIX) :])))
    assert image.format == "JPEG"
    return image.convert("RGB")


def job(seed: int, steps: int = 9, size: tuple[int, int] = (64, 64)) -> ImageJob:
    return ImageJob(uuid.uuid4(), "cake", "blurry", seed, BatchKey(size[0], size[1], steps, 7.0))


@pytest.fixture(scope="module")
def with_taesd(tiny_models) -> DiffusersImageGenerator:
    return DiffusersImageGenerator.load(str(tiny_models.sd), device="cpu", taesd=str(tiny_models.taesd))


def test_a_detailed_preview_is_re_encoded_until_it_fits_a_notify_payload() -> None:
    noise = np.random.default_rng(0).integers(0, 256, (128, 128, 3), dtype=np.uint8)
    assert len(jpeg_data_uri(noise, max_chars=10**9)) > PREVIEW_MAX_CHARS  # quality 60 is too big
    fitted = jpeg_data_uri(noise)
    assert len(fitted) <= PREVIEW_MAX_CHARS
    assert decode(fitted).size == (128, 128)
    flat = np.full((128, 128, 3), 200, dtype=np.uint8)
    assert jpeg_data_uri(flat) == jpeg_data_uri(flat, max_chars=10**9)  # small ones keep quality 60


def test_preview_steps_every_nth_but_never_the_last() -> None:
    assert preview_steps(9, 4) == {3, 7}
    assert preview_steps(8, 4) == {3}  # after the last step the finished image follows at once
    assert preview_steps(3, 4) == frozenset()
    assert preview_steps(25, 0) == frozenset()


def test_linear_approximation_is_the_sd15_matrix_mapped_to_0_255() -> None:
    latents = torch.zeros(2, 4, 8, 12)
    latents[1, 3] = 1.0  # the fourth channel alone: rgb = (1 + row 4) / 2
    a, b = (np.asarray(decode(u)) for u in LatentPreviewer()(latents))
    assert a.shape == (64, 96, 3) == b.shape  # latents x 8, at most PREVIEW_MAX_SIDE
    assert np.abs(a.astype(int) - 128).max() <= 3  # zero latents: mid-grey (JPEG rounding)
    expected = [round((1 + c) / 2 * 255) for c in SD15_LATENT_RGB[3]]
    assert np.abs(b.reshape(-1, 3).mean(axis=0) - expected).max() <= 3


def test_linear_previews_of_a_render_every_fourth_step_small_and_per_job(generator) -> None:
    assert generator.previewer.kind == "linear"
    seen: list[tuple[int, int, tuple[int, int]]] = []
    progress: list[int] = []

    def on_preview(index: int, uri: str) -> None:
        seen.append((index, progress[-1] if progress else 0, decode(uri).size))

    generator.generate(
        [job(1, size=(512, 768)), job(2, size=(512, 768))], lambda d, t: progress.append(d), on_preview
    )
    # Steps 4 and 8 of 9 (the preview comes before that step's progress), for both jobs.
    assert [(i, at) for i, at, _ in seen] == [(0, 3), (1, 3), (0, 7), (1, 7)]
    assert {size for *_, size in seen} == {(85, 128)}
    assert max(PREVIEW_MAX_SIDE, *(max(s) for *_, s in seen)) == PREVIEW_MAX_SIDE


def test_previews_do_not_change_the_image(generator) -> None:
    plain = generator.generate([job(3)])[0]
    assert generator.generate([job(3)], None, lambda i, u: None)[0] == plain


def test_taesd_decodes_the_previews_when_its_weights_are_present(generator, with_taesd) -> None:
    assert with_taesd.previewer.kind == "taesd"
    linear: list[str] = []
    taesd: list[str] = []
    generator.generate([job(4)], None, lambda i, u: linear.append(u))
    with_taesd.generate([job(4)], None, lambda i, u: taesd.append(u))
    assert len(linear) == len(taesd) == 2
    assert max(decode(taesd[0]).size) <= PREVIEW_MAX_SIDE
    assert taesd[0] != linear[0]
    # The same latents through the decoder directly give the same picture.
    latents = torch.randn(1, 4, 8, 8, generator=torch.Generator().manual_seed(0))
    direct = with_taesd.previewer.taesd.decode(latents, return_dict=False)[0]
    expected = ((direct / 2 + 0.5).clamp(0, 1) * 255).round().to(torch.uint8)[0].permute(1, 2, 0).numpy()
    got = np.asarray(decode(with_taesd.previewer(latents)[0]))
    assert np.abs(got.astype(int) - expected.astype(int)).mean() < 8  # JPEG at quality 60


def test_the_real_engine_loads_taesd_from_the_models_directory_and_falls_back_without(
    hf_cache, monkeypatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    kwargs = dict(
        device="cpu", translator_model="tiny/opus-mt-ru-en", generator_model="tiny/dreamshaper",
        models_dir=str(hf_cache),
    )  # fmt: skip
    _, with_decoder = build_engine("real", preview_decoder="tiny/taesd", **kwargs)
    _, without = build_engine("real", preview_decoder="tiny/not-pulled", **kwargs)
    assert (with_decoder.previewer.kind, without.previewer.kind) == ("taesd", "linear")
    _, none = build_engine("real", preview_decoder="tiny/taesd", preview_every=0, **kwargs)
    calls: list[str] = []
    none.generate([job(5)], None, lambda i, u: calls.append(u))
    assert calls == []


def test_the_demo_engine_previews_with_a_tiny_taesd() -> None:
    _, generator = build_demo_engine(device="cpu")
    assert generator.previewer.kind == "taesd"
    uris: list[str] = []
    generator.generate([job(6)], None, lambda i, u: uris.append(u))
    assert len(uris) == 2 and max(decode(uris[0]).size) <= PREVIEW_MAX_SIDE
