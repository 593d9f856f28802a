from __future__ import annotations

from tortodelova.application.generation_input import FixedSeed, GenerationInput
from tortodelova.domain.pricing import price


class QuoteGeneration:
    """Price of a generation with these parameters, after the same validation as a submit."""

    async def __call__(self, request: GenerationInput) -> int:
        return price(request.to_params(FixedSeed(0)))  # the seed does not change the price
