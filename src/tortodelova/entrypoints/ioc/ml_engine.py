"""Which ML engine this installation runs, decided from settings and the files on disk.

Used by the API (readiness, banner) without importing torch, and by the worker to build it.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any, TextIO

from tortodelova.entrypoints.config.settings import Settings

DEMO_WARNING = (
    "ДЕМО-РЕЖИМ: настоящие модели не загружены, изображения — случайный шум. "
    "DEMO MODE: the real models are not loaded; images are random noise."
)


def engine_mode(settings: Settings) -> str:
    from tortodelova.adapters.ml.engine import engine_kind

    return engine_kind(
        settings.ml_engine, settings.translator_model, settings.generator_model, settings.models_dir or None
    )


def drafts_available(settings: Settings) -> bool:
    """Does this installation offer the draft mode? (The demo engine always does.) Files only, no torch."""
    from tortodelova.adapters.ml.engine import drafts_available as available

    return available(
        settings.ml_engine,
        settings.translator_model,
        settings.generator_model,
        settings.draft_lora,
        settings.models_dir or None,
    )


def upscale_available(settings: Settings) -> bool:
    """Are upscales offered? The demo engine always; a real one once the upscaler weights are pulled."""
    from tortodelova.adapters.ml.engine import upscale_available as available

    return available(
        settings.ml_engine,
        settings.translator_model,
        settings.generator_model,
        settings.upscaler_model,
        settings.models_dir or None,
    )


def build_upscaler(settings: Settings) -> Any:  # noqa: ANN401 - ports.upscaling.Upscaler; imports torch
    from tortodelova.adapters.ml.engine import build_upscaler as build

    return build(
        settings.ml_engine,
        device=settings.ml_device,
        translator_model=settings.translator_model,
        generator_model=settings.generator_model,
        upscaler_model=settings.upscaler_model,
        models_dir=settings.models_dir or None,
        tile=settings.upscale_tile,
        overlap=settings.upscale_overlap,
    )


class LazyUpscaler:
    """The worker's upscaler, built on the first upscale job (a worker that never upscales never loads
    it, nor fails for weights it does not need); a failed build fails that job and is tried again."""

    def __init__(self, build: Callable[[], Any]) -> None:
        self._build, self._built, self._lock = build, None, threading.Lock()

    def _upscaler(self) -> Any:  # noqa: ANN401
        with self._lock:
            if self._built is None:
                self._built = self._build()
            return self._built

    @property
    def model_id(self) -> str:
        return self._upscaler().model_id

    def upscale(self, picture: bytes, width: int, height: int, on_progress: Any = None) -> bytes:  # noqa: ANN401
        return self._upscaler().upscale(picture, width, height, on_progress)


def fetch_models(settings: Settings, out: TextIO | None = None) -> bool:
    """First start: download the missing weights if the hub answers (never with ML_ENGINE=demo).
    True when both models are present afterwards; otherwise one hint line has been printed."""
    if settings.ml_engine.lower() == "demo":
        return False
    from tortodelova.adapters.ml.first_run import fetch_missing
    from tortodelova.adapters.ml.models import generator_spec, taesd_spec, translator_spec, upscaler_spec

    models_dir, out = settings.models_dir or None, out or sys.stdout
    specs = [translator_spec(settings.translator_model), generator_spec(settings.generator_model)]
    present = fetch_missing(specs, models_dir, out)
    if present and settings.preview_decoder:  # optional: without it previews are linear, not demo mode
        fetch_missing(
            [taesd_spec(settings.preview_decoder)],
            models_dir,
            out,
            meanwhile="live previews use the linear approximation",
        )
    if present and settings.upscaler_model:  # optional: without it upscales are refused, not demo mode
        fetch_missing(
            [upscaler_spec(settings.upscaler_model)],
            models_dir,
            out,
            meanwhile="upscaling for print is refused until then",
        )
    return present


def build_ml(settings: Settings):  # noqa: ANN201 - (Translator, ImageGenerator); imports torch
    from tortodelova.adapters.ml.engine import build_engine

    return build_engine(
        settings.ml_engine,
        device=settings.ml_device,
        translator_model=settings.translator_model,
        generator_model=settings.generator_model,
        scheduler=settings.generator_scheduler,
        models_dir=settings.models_dir or None,
        draft_lora=settings.draft_lora or None,
        preview_decoder=settings.preview_decoder or None,
        preview_every=settings.preview_every,
    )
