"""The owner withdraws a pending generation: it is cancelled and its reservation released, nothing spent."""

from __future__ import annotations

from uuid import UUID

from tortodelova.application.generation_views import generation_views
from tortodelova.application.owned import owned_generation
from tortodelova.application.ports.events import EventPublisher, GenerationEvent
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.system import Clock
from tortodelova.application.results import GenerationView
from tortodelova.domain import wallet
from tortodelova.domain.errors import NotFound


class CancelGeneration:
    def __init__(self, *, uow: UnitOfWork, clock: Clock, events: EventPublisher) -> None:
        self.uow, self.clock, self.events = uow, clock, events

    async def __call__(self, user_id: UUID, request_id: UUID) -> GenerationView:
        async with self.uow as uow:
            # The request's row lock (taken before the user's, as the worker does) fences the claim:
            # a worker either took it first (then it is processing and cannot be cancelled) or it
            # finds it cancelled and skips it.
            request = await owned_generation(uow, user_id, request_id, for_update=True)
            now = self.clock.now()
            request.cancel(now)  # NotCancellable (409) once a worker holds it or it has finished
            user = await uow.users.get(user_id, for_update=True)
            if user is None:
                raise NotFound("Пользователь не найден")
            wallet.release(user, request.credits_reserved)
            user.updated_at = now
            await uow.users.save(user)
            await uow.generations.save(request)
            [view] = await generation_views(uow, [request])
            await uow.commit()
        await self.events.publish(
            GenerationEvent(request.id, request.user_id, request.status, request.progress)
        )
        return view
