"""The ML side of the worker: translation, prompt building, image generation (all blocking)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True, slots=True)
class ImageJob:
    """One image to render. Jobs in one `generate` call share width, height and steps."""

    request_id: UUID
    prompt: str
    negative_prompt: str
    width: int
    height: int
    steps: int
    guidance: float
    seed: int
    quality: str = "standard"  # "draft": LCM-LoRA on, LCM scheduler



ProgressCallback = Callable[[int, int], None]  # (finished steps, total steps)


class DraftAvailability(Protocol):
    """Can this installation render drafts (is the LCM-LoRA there)? Asked by the API, never blocks long."""

    def drafts_available(self) -> bool: ...


class Translator(Protocol):
    """Russian -> English; blocking (the worker calls it in a thread). Latin-only text passes through."""

    def translate(self, texts: Sequence[str]) -> list[str]: ...


class PromptBuilder(Protocol):
    def build(self, prompt_en: str, style: str, negative_en: str | None) -> tuple[str, str]:
        """(final positive prompt, final negative prompt) in English."""
        ...


class ImageGenerator(Protocol):
    """Renders a batch of compatible jobs; blocking. Returns PNG bytes, one per job, in order."""

    model_id: str

    def generate(self, jobs: Sequence[ImageJob], on_progress: ProgressCallback | None = None) -> list[bytes]: ...
