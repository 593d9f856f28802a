"""The owner makes a link for a finished design (and the variants submitted with it), optionally with
an order for the client to approve together with it (its version 1)."""

from __future__ import annotations

from datetime import tzinfo
from uuid import UUID

from tortodelova.application.orders import QuoteView, priced
from tortodelova.application.owned import owned_generation, shown
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.system import Clock
from tortodelova.application.use_cases.shares.share_views import ShareView
from tortodelova.domain.generation import PredictionRequest
from tortodelova.domain.quotes import QuoteRequest, QuoteStatus
from tortodelova.domain.shares import FeedbackSummary, NotShareable, Share, new_token


class CreateShare:
    def __init__(self, *, uow: UnitOfWork, clock: Clock, zone: tzinfo) -> None:
        self.uow, self.clock, self.zone = uow, clock, zone

    async def __call__(
        self,
        user_id: UUID,
        generation_id: UUID,
        note: str | None,
        expires_in_days: int | None,
        quote: QuoteRequest | None = None,
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
            order = None if quote is None else await priced(uow, share, 1, quote, share.created_at, self.zone)
            await uow.shares.add(share)
            if order is not None:
                await uow.quotes.add(order)
            await uow.commit()
        return ShareView(
            share, FeedbackSummary(), None if order is None else QuoteView(order, QuoteStatus.SENT)
        )

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
