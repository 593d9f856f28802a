"""The ML side of the worker: translation, prompt building, image generation (all blocking)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from tortodelova.domain.batch_key import BatchKey
from tortodelova.domain.generation import PredictionRequest


@dataclass(frozen=True, slots=True)
class ImageJob:
    """One image to render. `batch` says which jobs may share a pipeline call: the rule is written
    once, in domain/batch_key.py; a `generate` call may mix keys (the generator runs one call per key)."""

    request_id: UUID
    prompt: str  # the final English prompts
    negative_prompt: str
    seed: int
    batch: BatchKey
    # Start from a picture (img2img, inpainting): PNG of the source; `batch.strength` says how much
    # may change (0..1].
    init_image: bytes | None = None
    # Inpainting (with init_image): 8-bit grayscale PNG, white = redraw; the rest stays the source's.
    mask: bytes | None = None

    @classmethod
    def of(
        cls,
        request: PredictionRequest,
        prompt: str,
        negative_prompt: str,
        init_image: bytes | None = None,
        mask: bytes | None = None,
    ) -> ImageJob:
        """The job of a claimed request, with its final prompts and the objects it starts from."""
        return cls(
            request.id, prompt, negative_prompt, request.params.seed, BatchKey.of(request), init_image, mask
        )


ProgressCallback = Callable[[int, int], None]  # (finished steps, total steps)
# (index of the job in the `generate` call, data:image/jpeg;base64,... of at most PREVIEW_MAX_SIDE px)
PreviewCallback = Callable[[int, str], None]


class DraftAvailability(Protocol):
    """Can this installation render drafts (is the LCM-LoRA there)? Asked by the API, never blocks long."""

    def drafts_available(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class Translation:
    """The English of one text. `text` is what to draw; `avoid` holds what the text said to leave out
    («без мастики» -> "fondant", «не розовый» -> "pink"): a diffusion model draws whatever a prompt
    names, negated or not, so these go to the negative prompt and never to the positive one."""

    text: str
    avoid: tuple[str, ...] = ()


class Translator(Protocol):
    """Russian -> English; blocking (the worker calls it in a thread). Latin-only text passes through."""

    def translate(self, texts: Sequence[str]) -> list[Translation]: ...


class PromptBuilder(Protocol):
    def build(self, prompt_en: str, style: str, negative_en: str | None) -> tuple[str, str]:
        """(final positive prompt, final negative prompt) in English."""
        ...


class ImageGenerator(Protocol):
    """Renders jobs, one pipeline call per batch key; blocking. Returns PNG bytes, one per job, in order."""

    model_id: str

    def generate(
        self,
        jobs: Sequence[ImageJob],
        on_progress: ProgressCallback | None = None,
        on_preview: PreviewCallback | None = None,
    ) -> list[bytes]:
        """`on_preview` (optional) gets a small picture of each job every few steps while it renders."""
        ...
