from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from tortodelova.application.generation_views import generation_views
from tortodelova.application.ports.events import EventPublisher
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.system import Clock, IdGenerator
from tortodelova.application.results import Submitted
from tortodelova.application.use_cases.printing.upscale_source import check_upscale, upscale_source
from tortodelova.domain import wallet
from tortodelova.domain.errors import (
    IdempotencyMismatch,
    InactiveUser,
    NotFound,
    TooManyActiveGenerations,
)
from tortodelova.domain.generation import DesignKind, PredictionRequest


class SubmitUpscale:
    """Queue a new design of kind `upscale` from the owner's finished one: priced UPSCALE_CREDITS,
    reserved now, charged by the worker only once the enlarged picture is stored (as generations are).
    The worker reads the parent's picture from `init_object_key`."""

    def __init__(
        self,
        *,
        uow: UnitOfWork,
        ids: IdGenerator,
        clock: Clock,
        events: EventPublisher,
        price: int,
        available: bool,
        max_active: int | None = None,
    ) -> None:
        self.uow, self.ids, self.clock, self.events = uow, ids, clock, events
        self.price, self.available, self.max_active = price, available, max_active

    async def __call__(
        self, user_id: UUID, parent_id: UUID, factor: int, idempotency_key: str | None = None
    ) -> Submitted:
        check_upscale(factor, available=self.available)
        async with self.uow as uow:
            user = await uow.users.get(user_id, for_update=True)  # serialises the user's money
            if user is None:
                raise NotFound("Пользователь не найден")
            if not user.is_active:
                raise InactiveUser()
            parent, (width, height) = await upscale_source(uow, user_id, parent_id, factor)
            if idempotency_key:
                first = await uow.generations.get_by_idempotency_key(user_id, idempotency_key)
                if first is not None:
                    same = (first.kind, first.parent_id, first.params.width) == (
                        DesignKind.UPSCALE,
                        parent.id,
                        width,
                    )
                    if not same:
                        raise IdempotencyMismatch()
                    return Submitted(await generation_views(uow, [first]), True)
            if self.max_active is not None and await uow.generations.count_active(user_id) >= self.max_active:
                raise TooManyActiveGenerations(self.max_active)
            wallet.reserve(user, self.price)
            now = self.clock.now()
            user.updated_at = now
            job = PredictionRequest(
                id=self.ids.new(),
                user_id=user_id,
                # the parent's description, style and seed; the size the upscale reaches
                params=replace(parent.params, width=width, height=height, strength=None),
                model="upscaler",  # the worker writes the model that did it
                credits_reserved=self.price,
                created_at=now,
                idempotency_key=idempotency_key,
                init_object_key=parent.s3_key,
                kind=DesignKind.UPSCALE,
                parent_id=parent.id,
                prompt_en=parent.prompt_en,
                negative_prompt=parent.negative_prompt,
            )
            await uow.generations.add(job)
            await uow.users.save(user)
            [view] = await generation_views(uow, [job])
            await uow.commit()
        await self.events.job_submitted()
        return Submitted([view], replayed=False)
