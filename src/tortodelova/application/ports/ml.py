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
    # Start from a picture (img2img): PNG of the source; `strength` says how much may change (0..1].
    init_image: bytes | None = None
    # Inpainting (with init_image): 8-bit grayscale PNG, white = redraw; the rest stays the source's.
    mask: bytes | None = None
    strength: float | None = None

    @property
    def mode(self) -> str:
        """ "text", "image" (img2img) or "inpaint": jobs of different modes never share a pipeline call."""
        if self.init_image is None:
            return "text"
        return "inpaint" if self.mask is not None else "image"


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
    """Renders a batch of compatible jobs; blocking. Returns PNG bytes, one per job, in order."""

    model_id: str

    def generate(
        self,
        jobs: Sequence[ImageJob],
        on_progress: ProgressCallback | None = None,
        on_preview: PreviewCallback | None = None,
    ) -> list[bytes]:
        """`on_preview` (optional) gets a small picture of each job every few steps while it renders."""
        ...
