from __future__ import annotations

from uuid import UUID

from tortodelova.application.generation_views import generation_views
from tortodelova.application.owned import owned_generation
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.results import GenerationView
from tortodelova.domain.errors import GenerationDeleted
from tortodelova.domain.generation import PredictionRequest


class GetGeneration:
    """One of the caller's requests. Another user's id is indistinguishable from a missing one.
    A deleted design is gone too (GenerationDeleted, a NotFound with its own code): a read after a
    successful DELETE answers 404, and the history finds it in the list, marked."""

    def __init__(self, *, uow: UnitOfWork) -> None:
        self.uow = uow

    async def __call__(self, user_id: UUID, request_id: UUID) -> GenerationView:
        async with self.uow as uow:
            [view] = await generation_views(uow, [await self._owned(uow, user_id, request_id)])
            return view

    async def request(self, user_id: UUID, request_id: UUID) -> PredictionRequest:
        """The request alone, by its key: no queue-position query."""
        async with self.uow as uow:
            return await self._owned(uow, user_id, request_id)

    @staticmethod
    async def _owned(uow: UnitOfWork, user_id: UUID, request_id: UUID) -> PredictionRequest:
        request = await owned_generation(uow, user_id, request_id)
        if request.deleted:
            raise GenerationDeleted()
        return request
