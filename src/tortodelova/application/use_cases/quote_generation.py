from __future__ import annotations

from tortodelova.application.generation_input import FixedSeed, GenerationInput
from tortodelova.application.ports.ml import DraftAvailability
from tortodelova.domain.pricing import price


class QuoteGeneration:
    """Price of a generation with these parameters, after the same validation as a submit."""

    def __init__(self, *, drafts: DraftAvailability) -> None:
        self.drafts = drafts

    async def __call__(self, request: GenerationInput) -> int:
        # The seed does not change the price.
        return price(request.to_offered_params(FixedSeed(0), self.drafts))
