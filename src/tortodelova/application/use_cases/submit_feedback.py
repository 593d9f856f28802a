"""The client answers on a live link; the owner hears of it at once if the app is open."""

from __future__ import annotations

from uuid import UUID

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.system import Clock, IdGenerator
from tortodelova.application.ports.user_events import FeedbackReceived, UserEventPublisher
from tortodelova.application.shares import live_designs
from tortodelova.application.use_cases.get_public_share import GONE
from tortodelova.domain.errors import NotFound
from tortodelova.domain.shares import Feedback


class SubmitFeedback:
    def __init__(
        self, *, uow: UnitOfWork, clock: Clock, ids: IdGenerator, events: UserEventPublisher
    ) -> None:
        self.uow, self.clock, self.ids, self.events = uow, clock, ids, events

    async def __call__(
        self,
        token: str,
        *,
        decision: str,
        comment: str | None,
        name: str | None,
        generation_id: UUID | None,
    ) -> Feedback:
        now = self.clock.now()
        async with self.uow as uow:
            share = await uow.shares.get(token)
            if share is None or not share.is_live(now):
                raise NotFound(GONE)
            designs = await live_designs(uow, share)
            if not designs:
                raise NotFound(GONE)
            feedback = Feedback.create(
                id=self.ids.new(),
                share=share,
                designs=tuple(d.id for d in designs),
                decision=decision,
                comment=comment,
                name=name,
                generation_id=generation_id,
                now=now,
            )
            await uow.feedback.add(feedback)
            await uow.commit()
        await self.events.publish(FeedbackReceived(share.user_id, feedback))
        return feedback
