"""The image generator through the real diffusers classes (tiny random weights, CPU)."""

from __future__ import annotations

import io
import uuid

import numpy as np
import pytest
from PIL import Image

from tortodelova.adapters.ml.generator import SCHEDULERS, DiffusersImageGenerator, load_pipeline
from tortodelova.adapters.ml.png import read_png_metadata
from tortodelova.application.ports.errors import OutOfGpuMemory, TransientError
from tortodelova.application.ports.ml import ImageJob
from tortodelova.application.use_cases.generations.classify_failure import Stage, classify
from tortodelova.domain.batch_key import BatchKey
from tortodelova.domain.failures import Failure


def job(
    seed: int,
    *,
    prompt: str = "two-tier cake with fondant",
    size: tuple[int, int] = (64, 64),
    steps: int = 6,
    guidance: float = 7.0,
) -> ImageJob:
    return ImageJob(uuid.uuid4(), prompt, "blurry, lowres", seed, BatchKey(size[0], size[1], steps, guidance))


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


def test_same_seed_parameters_and_batch_give_identical_bytes(generator, tiny_models) -> None:
    jobs = [job(11), job(12, prompt="naked cake with berries")]
    first = generator.generate(jobs)
    again = generator.generate(jobs)
    reloaded = DiffusersImageGenerator.load(str(tiny_models.sd), device="cpu").generate(jobs)
    assert first == again == reloaded
    assert first[0] != first[1]
    assert first[0][:8] == b"\x89PNG\r\n\x1a\n"


def test_a_batch_renders_the_same_images_as_single_runs(generator) -> None:
    jobs = [job(1), job(2, prompt="bento cake, velour finish"), job(3, prompt="mirror glaze")]
    batch = generator.generate(jobs)
    singles = [generator.generate([j])[0] for j in jobs]
    for b, s in zip(batch, singles, strict=True):
        assert np.abs(pixels(b) - pixels(s)).max() <= 2  # float rounding of a different batch shape
    assert np.abs(pixels(batch[0]) - pixels(batch[1])).mean() > 5  # and they are different images


def test_progress_fires_once_per_step(generator) -> None:
    calls: list[tuple[int, int]] = []
    generator.generate([job(5, steps=7), job(6, steps=7)], lambda done, total: calls.append((done, total)))
    assert calls == [(i, 7) for i in range(1, 8)]


def test_jobs_with_different_guidance_run_as_groups_in_order(generator) -> None:
    jobs = [job(1, guidance=7.0), job(2, guidance=3.0), job(3, guidance=7.0)]
    calls: list[tuple[int, int]] = []
    mixed = generator.generate(jobs, lambda done, total: calls.append((done, total)))
    assert calls == [(i, 12) for i in range(1, 13)]  # two groups of 6 steps
    for j, png in zip(jobs, mixed, strict=True):
        assert read_png_metadata(png)["seed"] == j.seed
        assert np.abs(pixels(png) - pixels(generator.generate([j])[0])).max() <= 2


def test_png_carries_the_generation_parameters(generator) -> None:
    j = job(4242, size=(64, 96), steps=5, guidance=6.5)
    png = generator.generate([j])[0]
    assert read_png_metadata(png) == {
        "prompt": j.prompt,
        "negative_prompt": j.negative_prompt,
        "seed": 4242,
        "steps": 5,
        "guidance": 6.5,
        "width": 64,
        "height": 96,
        "model": generator.model_id,
        "scheduler": "dpmpp_2m_karras",
        "engine": "real",
        "quality": "standard",
    }
    image = Image.open(io.BytesIO(png))
    assert image.size == (64, 96)
    assert "Seed: 4242" in image.text["parameters"] and "Sampler: DPM++ 2M Karras" in image.text["parameters"]


def test_request_size_is_honoured(generator) -> None:
    png = generator.generate([job(9, size=(512, 768), steps=2)])[0]
    assert Image.open(io.BytesIO(png)).size == (512, 768)


@pytest.mark.parametrize("name", sorted(SCHEDULERS))
def test_every_scheduler_is_deterministic_and_batch_independent(name: str, tiny_models) -> None:
    gen = DiffusersImageGenerator(
        load_pipeline(str(tiny_models.sd), device="cpu"), model_id="tiny", scheduler=name
    )
    jobs = [job(21, steps=4), job(22, steps=4)]
    batch = gen.generate(jobs)
    assert batch == gen.generate(jobs)
    alone = gen.generate([jobs[1]])[0]
    assert np.abs(pixels(batch[1]) - pixels(alone)).max() <= 2
    assert read_png_metadata(alone)["scheduler"] == name


def test_unknown_scheduler_is_refused(tiny_models) -> None:
    with pytest.raises(ValueError, match="unknown scheduler"):
        DiffusersImageGenerator(
            load_pipeline(str(tiny_models.sd), device="cpu"), model_id="t", scheduler="plms2"
        )


def test_out_of_memory_is_a_transient_error(tiny_models) -> None:
    import torch

    gen = DiffusersImageGenerator(load_pipeline(str(tiny_models.sd), device="cpu"), model_id="tiny")

    class OOMPipe:
        def __getattr__(self, name):  # everything else from the real pipeline
            return getattr(gen_pipe, name)

        def __call__(self, **kwargs):
            raise torch.OutOfMemoryError("CUDA out of memory")

    gen_pipe = gen.pipe
    gen.pipe = OOMPipe()
    with pytest.raises(OutOfGpuMemory) as err:
        gen.generate([job(1)])
    assert isinstance(err.value, TransientError)  # retried while attempts remain
    assert classify(err.value, Stage.RENDER) is Failure.OUT_OF_MEMORY


def test_empty_batch(generator) -> None:
    assert generator.generate([]) == []


def test_fp16_variant_weights_load_upcast_on_cpu(tmp_path) -> None:
    """`models pull` fetches DreamShaper's fp16 safetensors only; on the CPU they load as fp32."""
    import torch

    from tortodelova.adapters.ml.tiny import build_tiny_sd_pipeline

    build_tiny_sd_pipeline().to(dtype=torch.float16).save_pretrained(tmp_path / "sd", variant="fp16")
    assert (tmp_path / "sd" / "unet" / "diffusion_pytorch_model.fp16.safetensors").is_file()
    gen = DiffusersImageGenerator.load(str(tmp_path / "sd"), device="cpu")
    assert gen.pipe.unet.dtype == torch.float32 and gen.pipe.text_encoder.dtype == torch.float32
    png = gen.generate([job(3, steps=3)])[0]
    assert Image.open(io.BytesIO(png)).size == (64, 64)


def test_speed_options_do_not_change_the_images(generator, tiny_models) -> None:
    tuned = DiffusersImageGenerator(
        load_pipeline(str(tiny_models.sd), device="cpu"),
        model_id=generator.model_id,
        channels_last=True,
        fuse_qkv=True,
    )
    jobs = [job(31), job(32)]
    for a, b in zip(generator.generate(jobs), tuned.generate(jobs), strict=True):
        assert np.abs(pixels(a) - pixels(b)).max() <= 2
