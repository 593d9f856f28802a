from __future__ import annotations

from uuid import UUID

from tortodelova.application.generation_input import GenerationInput
from tortodelova.application.ports.events import EventPublisher
from tortodelova.application.ports.ml import DraftAvailability
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.system import Clock, IdGenerator, SeedSource
from tortodelova.application.results import GenerationView, Submitted
from tortodelova.domain import wallet
from tortodelova.domain.errors import IdempotencyMismatch, InactiveUser, NotFound, TooManyActiveGenerations
from tortodelova.domain.generation import PredictionRequest
from tortodelova.domain.pricing import price


class SubmitGeneration:
    """Validate, price, reserve the credits and queue the request, all in one DB transaction."""

    def __init__(
        self,
        *,
        uow: UnitOfWork,
        ids: IdGenerator,
        clock: Clock,
        seeds: SeedSource,
        events: EventPublisher,
        model_id: str,
        drafts: DraftAvailability,
        max_active: int | None = None,
    ) -> None:
        self.uow, self.ids, self.clock, self.seeds, self.events = uow, ids, clock, seeds, events
        self.model_id = model_id
        self.drafts = drafts
        self.max_active = max_active  # pending + processing per user; None = no cap

    async def __call__(
        self, user_id: UUID, request: GenerationInput, idempotency_key: str | None = None
    ) -> Submitted:
        params = request.to_offered_params(self.seeds, self.drafts)  # validation before any I/O
        credits = price(params)
        async with self.uow as uow:
            # Locking the user row serialises this user's money operations: concurrent submits
            # cannot both see the same available credits.
            user = await uow.users.get(user_id, for_update=True)
            if user is None:
                raise NotFound("Пользователь не найден")
            if not user.is_active:
                raise InactiveUser()
            if idempotency_key:
                first = await uow.generations.get_by_idempotency_key(user_id, idempotency_key)
                if first is not None:
                    if not request.matches(first.params):
                        raise IdempotencyMismatch()
                    position = await uow.generations.queue_position(first)
                    return Submitted(GenerationView(first, position), replayed=True)
            # Counted under the user's row lock: concurrent submits see each other's requests.
            if self.max_active is not None and await uow.generations.count_active(user_id) >= self.max_active:
                raise TooManyActiveGenerations(self.max_active)
            wallet.reserve(user, credits)
            now = self.clock.now()
            user.updated_at = now
            job = PredictionRequest(
                id=self.ids.new(),
                user_id=user_id,
                params=params,
                model=self.model_id,
                credits_reserved=credits,
                created_at=now,
                idempotency_key=idempotency_key,
            )
            await uow.generations.add(job)
            await uow.users.save(user)
            position = await uow.generations.queue_position(job)
            await uow.commit()
        await self.events.job_submitted()
        return Submitted(GenerationView(job, position), replayed=False)
