"""Tiny random-weight models, built once per session by the same builder the demo engine uses,
saved with save_pretrained and loaded back through the production loaders."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class TinyModels:
    marian: Path  # a local model directory, as `TRANSLATOR_MODEL=/path` would name it
    sd: Path
    lora: Path  # a random LoRA for the tiny UNet, saved like the LCM-LoRA repo
    other_lora: Path  # another seed: proves which LoRA weights a draft used
    taesd: Path  # a random AutoencoderTiny saved like the madebyollin/taesd repo (previews)


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> TinyModels:
    from tortodelova.adapters.ml.tiny import (
        build_tiny_marian,
        build_tiny_sd_pipeline,
        build_tiny_taesd,
        save_tiny_lora,
    )

    root = tmp_path_factory.mktemp("tiny-models")
    model, tokenizer = build_tiny_marian()
    model.save_pretrained(root / "marian")
    tokenizer.save_pretrained(root / "marian")
    pipe = build_tiny_sd_pipeline()
    pipe.save_pretrained(root / "sd")
    save_tiny_lora(pipe.unet, root / "lora", seed=1)
    save_tiny_lora(pipe.unet, root / "other-lora", seed=2)
    build_tiny_taesd().save_pretrained(root / "taesd")
    return TinyModels(
        marian=root / "marian",
        sd=root / "sd",
        lora=root / "lora",
        other_lora=root / "other-lora",
        taesd=root / "taesd",
    )


@pytest.fixture(scope="session")
def hf_cache(tiny_models: TinyModels, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Hugging Face cache layout (models--org--name/snapshots/<rev>, refs/main) holding the tiny
    models under hub-style ids, as `tortodelova models pull` leaves it."""
    cache = tmp_path_factory.mktemp("hf-cache")
    for repo_id, src in (
        ("tiny/opus-mt-ru-en", tiny_models.marian),
        ("tiny/dreamshaper", tiny_models.sd),
        ("tiny/lcm-lora", tiny_models.lora),
        ("tiny/taesd", tiny_models.taesd),
    ):
        repo = cache / ("models--" + repo_id.replace("/", "--"))
        shutil.copytree(src, repo / "snapshots" / "c0ffee")
        (repo / "refs").mkdir()
        (repo / "refs" / "main").write_text("c0ffee")
    return cache


@pytest.fixture(scope="session")
def translator(tiny_models: TinyModels):
    from tortodelova.adapters.ml.translator import MarianTranslator

    return MarianTranslator.load(str(tiny_models.marian), device="cpu")


@pytest.fixture(scope="session")
def generator(tiny_models: TinyModels):
    from tortodelova.adapters.ml.generator import DiffusersImageGenerator

    return DiffusersImageGenerator.load(str(tiny_models.sd), device="cpu")
