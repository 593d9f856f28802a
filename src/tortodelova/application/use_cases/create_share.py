"""The owner makes a link for a finished design (and the variants submitted with it)."""

from __future__ import annotations

from uuid import UUID

from tortodelova.application.owned import owned_generation
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.system import Clock
from tortodelova.application.shares import ShareView, shown
from tortodelova.domain.generation import PredictionRequest
from tortodelova.domain.shares import FeedbackSummary, NotShareable, Share, new_token


class CreateShare:
    def __init__(self, *, uow: UnitOfWork, clock: Clock) -> None:
        self.uow, self.clock = uow, clock

    async def __call__(
        self,
        user_id: UUID,
        generation_id: UUID,
        note: str | None,
        expires_in_days: int | None,
        *,
        show_description: bool = False,
    ) -> ShareView:
        async with self.uow as uow:
            request = await owned_generation(uow, user_id, generation_id)
            if not shown(request):
                raise NotShareable()
            share = Share.create(
                token=new_token(),
                user_id=user_id,
                generation_ids=await self.designs(uow, request),
                note=note,
                expires_in_days=expires_in_days,
                now=self.clock.now(),
                show_description=show_description,
            )
            await uow.shares.add(share)
            await uow.commit()
        return ShareView(share, FeedbackSummary())

    @staticmethod
    async def designs(uow: UnitOfWork, request: PredictionRequest) -> tuple[UUID, ...]:
        """The designs the link shows, the shared one first. Variants submitted together (issue 12's
        group) join here: their successful members after it, in seed order."""
        if request.group_id is None:
            return (request.id,)
        others = [
            v.id for v in await uow.generations.in_group(request.group_id) if v.id != request.id and shown(v)
        ]
        return (request.id, *others)
