from __future__ import annotations

from uuid import UUID

from tortodelova.application.ports.ml import DraftAvailability
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.results import Quote
from tortodelova.application.use_cases.generations.generation_input import FixedSeed, GenerationInput
from tortodelova.application.use_cases.generations.start_picture import resolve_start_pictures
from tortodelova.domain.pricing import price


class QuoteGeneration:
    """Price of a submit with these parameters (every variant), after the same checks as a submit:
    the pictures it starts from are looked up too (another user's or unknown: 404, a design not
    finished: 409), so the price panel says what is wrong before anything is sent."""

    def __init__(self, *, uow: UnitOfWork, drafts: DraftAvailability) -> None:
        self.uow, self.drafts = uow, drafts

    async def __call__(self, user_id: UUID, request: GenerationInput) -> Quote:
        # The seed does not change the price.
        per_variant = price(request.to_offered_params(FixedSeed(0), self.drafts))
        if request.init_image is not None:
            async with self.uow as uow:
                await resolve_start_pictures(uow, user_id, request)
        return Quote(per_variant * request.variants, per_variant, request.variants)
