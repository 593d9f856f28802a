"""Failure classes of a generation: one place decides which `Failure` an exception is.

The user is told the class's fixed message (domain/failures.py); the exception itself is logged.
"""

from __future__ import annotations

import enum

from tortodelova.application.ports.errors import OutOfGpuMemory, TransientError
from tortodelova.domain.failures import Failure


class SourceImageMissing(Exception):
    """The starting picture or the mask of an img2img / inpainting job is not in the object store."""

    def __init__(self, key: str) -> None:
        super().__init__(f"source object {key!r} not found")


class AttemptsExhausted(Exception):
    def __init__(self, attempts: int) -> None:
        super().__init__(f"the job was interrupted {attempts} time(s); no attempts left")


class Stage(enum.Enum):
    """Where the job failed: the same exception type means different things to the user."""

    RENDER = "render"  # translation, prompt building, the diffusion model
    STORE = "store"  # uploading the image


def classify(exc: BaseException, stage: Stage) -> Failure:
    if isinstance(exc, AttemptsExhausted):
        return Failure.ATTEMPTS_EXHAUSTED
    if isinstance(exc, SourceImageMissing):
        return Failure.SOURCE_MISSING
    if isinstance(exc, OutOfGpuMemory):
        return Failure.OUT_OF_MEMORY
    if stage is Stage.STORE:
        return Failure.STORAGE_UNAVAILABLE
    return Failure.MODEL_ERROR


def is_transient(exc: BaseException) -> bool:
    """Worth another attempt later (the job goes back to the queue while attempts remain)."""
    return isinstance(exc, TransientError)
