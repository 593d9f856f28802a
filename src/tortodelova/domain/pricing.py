"""Pricing policy: credits grow with the pixel count and the number of denoising steps."""

from __future__ import annotations

import math

from tortodelova.domain.generation import STEPS_DEFAULT, GenerationParams

BASE_CREDITS = 10  # 512x512, 25 steps
_BASE_PIXELS = 512 * 512


def price(params: GenerationParams) -> int:
    """Whole credits, at least 1, monotone in both size and steps."""
    ratio = (params.width * params.height / _BASE_PIXELS) * (params.steps / STEPS_DEFAULT)
    return max(1, math.ceil(BASE_CREDITS * ratio - 1e-9))
