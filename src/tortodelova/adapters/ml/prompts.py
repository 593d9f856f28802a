"""The final prompt sent to Stable Diffusion: the user's idea, then the style preset, then photo tags.

CLIP reads 77 tokens and drops the rest, so what matters most comes first: the user's idea (already in
English, glossary terms included), then the style fragment, then generic quality tags. The negative
prompt likewise puts the user's own negative first. The format is stable: fragments joined by ", ".
"""

from __future__ import annotations

from tortodelova.domain.styles import NEGATIVE_BASE, PHOTO_PROMPT, get_style


def _fragment(text: str | None) -> str:
    return " ".join((text or "").split()).strip(" ,;.")


def _join(*parts: str | None) -> str:
    return ", ".join(f for f in (_fragment(p) for p in parts) if f)


class StylePromptBuilder:
    """Implements the PromptBuilder port."""

    def build(self, prompt_en: str, style: str, negative_en: str | None) -> tuple[str, str]:
        preset = get_style(style)
        positive = _join(prompt_en, preset.prompt, PHOTO_PROMPT)
        negative = _join(negative_en, preset.negative, NEGATIVE_BASE)
        return positive, negative
