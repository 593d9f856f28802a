"""The client answers on a live link; the owner hears of it at once if the app is open."""

from __future__ import annotations

from uuid import UUID

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.system import Clock, IdGenerator
from tortodelova.application.ports.user_events import FeedbackReceived, UserEventPublisher
from tortodelova.application.use_cases.shares.share_views import live_share
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
            share, designs = await live_share(uow, token, now)
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
