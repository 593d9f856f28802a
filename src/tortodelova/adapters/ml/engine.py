"""Choosing and building the ML engine: real (local weights) or demo (tiny random models, offline).

ML_ENGINE=real  -> load the configured models from the local cache; missing weights raise ModelsMissing
                   (names the model and `tortodelova models pull`).
ML_ENGINE=demo  -> tiny random-weight models of the same classes; images are noise (`is_demo=True`).
ML_ENGINE=auto  -> real when both models are present locally, else demo.

Draft mode: the real engine loads the LCM-LoRA (DRAFT_LORA) when its file is present, else drafts
are off; the demo engine always has drafts, with a tiny random LoRA standing in for it.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

from tortodelova.adapters.ml.models import (
    ModelsMissing,
    ModelSpec,
    check,
    lora_spec,
    missing_models,
    taesd_spec,
    upscaler_spec,
    upscaler_weights,
)
from tortodelova.application.ports.ml import ImageGenerator, Translator

log = logging.getLogger(__name__)

ENGINES = ("auto", "real", "demo")


def engine_kind(
    engine: str, translator_model: str, generator_model: str, models_dir: str | None = None
) -> str:
    """'real' or 'demo' for the configured engine, from files alone (no torch import: usable by the API)."""
    engine = (engine or "auto").lower()
    if engine not in ENGINES:
        raise ValueError(f"unknown ML engine {engine!r}; expected one of {', '.join(ENGINES)}")
    if engine != "auto":
        return engine
    return "demo" if missing_models(translator_model, generator_model, models_dir) else "real"


def draft_lora_path(draft_lora: str | None, models_dir: str | None = None) -> str | None:
    """The local directory of the LCM-LoRA, or None when drafts are off (not configured or not pulled).
    No torch import: the API uses it to tell the SPA whether drafts are offered."""
    return _local_dir(lora_spec(draft_lora), models_dir) if draft_lora else None


def preview_decoder_path(preview_decoder: str | None, models_dir: str | None = None) -> str | None:
    """The local directory of TAESD, or None: previews then use the linear approximation."""
    return _local_dir(taesd_spec(preview_decoder), models_dir) if preview_decoder else None


def _local_dir(spec: ModelSpec, models_dir: str | None) -> str | None:
    status = check(spec, models_dir)
    return str(status.path) if status.present else None


def upscaler_path(upscaler_model: str, models_dir: str | None = None) -> Path | None:
    """The Real-ESRGAN weight file, or None (not pulled). No torch import: the API asks it too."""
    status = check(upscaler_spec(upscaler_model), models_dir)
    return upscaler_weights(status.path) if status.present and status.path else None


def upscale_available(
    engine: str,
    translator_model: str,
    generator_model: str,
    upscaler_model: str,
    models_dir: str | None = None,
) -> bool:
    """The demo engine always upscales (a tiny random network); a real one needs the weights."""
    if engine_kind(engine, translator_model, generator_model, models_dir) == "demo":
        return True
    return upscaler_path(upscaler_model, models_dir) is not None


def build_upscaler(
    engine: str = "auto",
    *,
    device: str = "auto",
    translator_model: str = "Helsinki-NLP/opus-mt-ru-en",
    generator_model: str = "Lykon/dreamshaper-8",
    upscaler_model: str = "Comfy-Org/Real-ESRGAN_repackaged",
    models_dir: str | None = None,
    tile: int = 256,
    overlap: int = 32,
) -> Any:
    """The worker's upscaler (ports.upscaling.Upscaler): Real-ESRGAN x4plus on a real engine with its
    weights, a tiny random ESRGAN on the demo engine. A real engine without them still starts (upscales
    are refused by the API); asked to upscale anyway it raises ModelsMissing, which fails the job."""
    from tortodelova.adapters.ml.device import resolve_device
    from tortodelova.adapters.ml.upscaler import build_demo_upscaler, load_upscaler

    dev = resolve_device(device)
    if engine_kind(engine, translator_model, generator_model, models_dir) == "demo":
        return build_demo_upscaler(device=dev, tile=tile, overlap=overlap)
    path = upscaler_path(upscaler_model, models_dir)
    if path is None:
        raise ModelsMissing([check(upscaler_spec(upscaler_model), models_dir)])
    return load_upscaler(path, upscaler_model, device=dev, tile=tile, overlap=overlap)


def drafts_available(
    engine: str,
    translator_model: str,
    generator_model: str,
    draft_lora: str | None,
    models_dir: str | None = None,
) -> bool:
    if engine_kind(engine, translator_model, generator_model, models_dir) == "demo":
        return True
    return draft_lora_path(draft_lora, models_dir) is not None


def build_engine(
    engine: str = "auto",
    *,
    device: str = "auto",
    translator_model: str = "Helsinki-NLP/opus-mt-ru-en",
    generator_model: str = "Lykon/dreamshaper-8",
    scheduler: str = "dpmpp_2m_karras",
    models_dir: str | None = None,
    generator_options: dict[str, Any] | None = None,
    draft_lora: str | None = None,
    preview_decoder: str | None = None,
    preview_every: int = 4,
) -> tuple[Translator, ImageGenerator]:
    """The (translator, generator) pair for the configured engine."""
    from tortodelova.adapters.ml.device import dtype_name_for, resolve_device
    from tortodelova.adapters.ml.generator import DiffusersImageGenerator
    from tortodelova.adapters.ml.translator import MarianTranslator

    cache_dir = models_dir or None
    kind = engine_kind(engine, translator_model, generator_model, cache_dir)
    if kind == "real":
        missing = missing_models(translator_model, generator_model, cache_dir)
        if missing:
            raise ModelsMissing(missing)
    dev = resolve_device(device)
    log.info("ML device: %s, dtype %s (ML_DEVICE=%s, engine %s)", dev, dtype_name_for(dev), device, kind)
    if kind == "real":
        translator = MarianTranslator.load(translator_model, device=dev, cache_dir=cache_dir)
        lora = draft_lora_path(draft_lora, cache_dir)
        if draft_lora and lora is None:
            log.warning(
                "LCM-LoRA %s not found locally: drafts are refused. Run `tortodelova models pull`.",
                draft_lora,
            )
        generator = DiffusersImageGenerator.load(
            generator_model,
            device=dev,
            cache_dir=cache_dir,
            scheduler=scheduler,
            draft_lora=lora,
            taesd=preview_decoder_path(preview_decoder, cache_dir),
            preview_every=preview_every,
            **(generator_options or {}),
        )
        return translator, generator
    if (engine or "auto").lower() == "auto":
        log.warning(
            "ML models not found locally: running the DEMO engine (noise images). "
            "Run `tortodelova models pull` for real generation."
        )
    return build_demo_engine(device=dev, scheduler=scheduler, preview_every=preview_every)


def build_demo_engine(
    *, device: str = "cpu", scheduler: str = "dpmpp_2m_karras", seed: int = 0, preview_every: int = 4
) -> tuple[Translator, ImageGenerator]:
    """Tiny random-weight translator and generator, built in-process in about a second. Previews go
    through a tiny random TAESD (the production decoder's class)."""
    from tortodelova.adapters.ml.generator import DiffusersImageGenerator
    from tortodelova.adapters.ml.tiny import (
        DEMO_GENERATOR_ID,
        DEMO_MAX_NEW_TOKENS,
        DEMO_TRANSLATOR_ID,
        build_tiny_marian,
        build_tiny_sd_pipeline,
        build_tiny_taesd,
        save_tiny_lora,
    )
    from tortodelova.adapters.ml.translator import MarianTranslator

    model, tokenizer = build_tiny_marian(seed)
    # Random weights never emit end-of-sentence: without a bound every sentence decodes to the full
    # length (hundreds of beam-search steps for a long prompt, minutes on a CPU) to produce noise.
    translator = MarianTranslator(
        model,
        tokenizer,
        model_id=DEMO_TRANSLATOR_ID,
        device=device,
        is_demo=True,
        generate_kwargs={"max_new_tokens": DEMO_MAX_NEW_TOKENS},
    )
    pipe = build_tiny_sd_pipeline(seed)
    # The tiny random LoRA goes through the production loader (a file), read at construction.
    with tempfile.TemporaryDirectory() as lora_dir:
        # The tiny model is fp32; on CUDA it simply stays fp32.
        generator = DiffusersImageGenerator(
            pipe,
            model_id=DEMO_GENERATOR_ID,
            device=device,
            scheduler=scheduler,
            is_demo=True,
            draft_lora=save_tiny_lora(pipe.unet, lora_dir, seed + 1),
            preview_decoder=build_tiny_taesd(seed + 2),
            preview_every=preview_every,
        )
    return translator, generator
