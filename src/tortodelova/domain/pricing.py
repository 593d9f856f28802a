"""Pricing policy: credits grow with the pixel count and the number of denoising steps."""

from __future__ import annotations

import math

from tortodelova.domain.generation import STEPS_DEFAULT, GenerationParams

BASE_CREDITS = 10  # 512x512, 25 steps
_BASE_PIXELS = 512 * 512


def steps_run(params: GenerationParams) -> int:
    """Denoising steps actually run: starting from a picture skips the first (1 - strength) of the
    schedule, so ceil(steps x strength) of them run (at least one)."""
    return steps_for(params.steps, params.strength)


def steps_for(steps: int, strength: float | None) -> int:
    """The same rule on bare numbers (the ML adapter runs exactly this many; the price follows it)."""
    if strength is None:
        return steps
    return max(1, math.ceil(steps * strength - 1e-9))


def price(params: GenerationParams) -> int:
    """Credits of one image: whole, at least 1, monotone in size and in the steps actually run."""
    ratio = (params.width * params.height / _BASE_PIXELS) * (steps_run(params) / STEPS_DEFAULT)
    return max(1, math.ceil(BASE_CREDITS * ratio - 1e-9))
