from __future__ import annotations

import pytest

from tortodelova.adapters.ml.prompts import StylePromptBuilder
from tortodelova.domain.errors import ValidationFailed
from tortodelova.domain.styles import NEGATIVE_BASE, PHOTO_PROMPT, STYLES


@pytest.mark.parametrize("code", sorted(STYLES))
def test_idea_first_then_style_then_photo(code: str) -> None:
    style = STYLES[code]
    positive, negative = StylePromptBuilder().build("  pink cake with fondant roses. ", code, "candles, ")
    assert positive == f"pink cake with fondant roses, {style.prompt}, {PHOTO_PROMPT}"
    assert negative == f"candles, {style.negative}, {NEGATIVE_BASE}"


def test_without_user_negative() -> None:
    _, negative = StylePromptBuilder().build("cake", "minimal", None)
    assert negative == f"{STYLES['minimal'].negative}, {NEGATIVE_BASE}"
    _, negative2 = StylePromptBuilder().build("cake", "minimal", "   ")
    assert negative2 == negative


def test_unknown_style_is_a_validation_error() -> None:
    with pytest.raises(ValidationFailed):
        StylePromptBuilder().build("cake", "brutalist", None)
