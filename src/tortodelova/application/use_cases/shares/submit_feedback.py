"""The client answers on a live link; the owner hears of it at once if the app is open. On a link
with an order, approving is about the version shown (domain/quotes.py: check_answer).

The same answer again (the page reloaded, a second tap) is not stored twice: when it repeats the
link's latest answer, that answer is the result and nothing is written or announced.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from uuid import UUID

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.system import Clock, IdGenerator
from tortodelova.application.ports.user_events import FeedbackReceived, UserEventPublisher
from tortodelova.application.use_cases.shares.share_views import live_share
from tortodelova.domain.quotes import check_answer
from tortodelova.domain.shares import Feedback


@dataclass(frozen=True, slots=True)
class FeedbackResult:
    feedback: Feedback
    created: bool  # False: it repeated the latest answer, which is returned instead


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
        quote_version: int | None = None,
        phone: str | None = None,
        consent: bool = False,
    ) -> FeedbackResult:
        now = self.clock.now()
        async with self.uow as uow:
            # Locked: the baker's new version of the order waits for this answer, or this for it, and
            # two copies of one answer sent at once are compared one after the other.
            share, designs = await live_share(uow, token, now, for_update=True)
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
            order = check_answer(
                await uow.quotes.current(token),
                decision=decision,
                quote_version=quote_version,
                name=name,
                phone=phone,
                consent=consent,
                now=now,
            )
            feedback = replace(
                feedback, quote_version=order.quote_version, phone=order.phone, consent_at=order.consent_at
            )
            answers = await uow.feedback.for_share(token)
            if answers and answers[-1].repeats(feedback):
                return FeedbackResult(answers[-1], created=False)
            await uow.feedback.add(feedback)
            await uow.commit()
        await self.events.publish(FeedbackReceived(share.user_id, feedback))
        return FeedbackResult(feedback, created=True)
