from __future__ import annotations

from tortodelova.application.generation_input import FixedSeed, GenerationInput
from tortodelova.application.ports.ml import DraftAvailability
from tortodelova.application.results import Quote
from tortodelova.domain.pricing import price


class QuoteGeneration:
    """Price of a submit with these parameters (every variant), after the same validation as a submit.

    It names no user: which pictures the ids point to does not change the price (the submit checks them).
    """

    def __init__(self, *, drafts: DraftAvailability) -> None:
        self.drafts = drafts

    async def __call__(self, request: GenerationInput) -> Quote:
        # The seed does not change the price.
        per_variant = price(request.to_offered_params(FixedSeed(0), self.drafts))
        return Quote(per_variant * request.variants, per_variant, request.variants)
