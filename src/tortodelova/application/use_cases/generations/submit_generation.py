from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from uuid import UUID

from tortodelova.application.generation_views import generation_views
from tortodelova.application.ports.events import EventPublisher
from tortodelova.application.ports.ml import DraftAvailability
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.system import Clock, IdGenerator, SeedSource
from tortodelova.application.results import Submitted
from tortodelova.application.use_cases.generations.generation_input import GenerationInput
from tortodelova.application.use_cases.generations.start_picture import resolve_start_pictures
from tortodelova.domain import wallet
from tortodelova.domain.errors import IdempotencyMismatch, InactiveUser, NotFound, TooManyActiveGenerations
from tortodelova.domain.generation import PredictionRequest, variant_seed
from tortodelova.domain.pricing import price


@dataclass(frozen=True, slots=True)
class SubmitPolicy:
    """The model requests are queued for (GENERATOR_MODEL), and at most how many pending + processing
    generations a user may have (MAX_ACTIVE_GENERATIONS; every variant counts; None: no cap)."""

    model_id: str
    max_active: int | None = None


class SubmitGeneration:
    """Validate, price, reserve the credits and queue the request's variants, all in one DB transaction.

    Each variant is its own generation row with its own reservation (so each is charged only when its
    image is stored); the total is reserved all-or-nothing, and the variants share a group id.
    """

    def __init__(
        self,
        *,
        uow: UnitOfWork,
        ids: IdGenerator,
        clock: Clock,
        seeds: SeedSource,
        events: EventPublisher,
        drafts: DraftAvailability,
        policy: SubmitPolicy,
    ) -> None:
        self.uow, self.ids, self.clock, self.seeds, self.events = uow, ids, clock, seeds, events
        self.drafts = drafts
        self.policy = policy

    async def __call__(
        self, user_id: UUID, request: GenerationInput, idempotency_key: str | None = None
    ) -> Submitted:
        params = request.to_offered_params(self.seeds, self.drafts)  # validation before any I/O
        per_variant = price(params)
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
                    return await self._replay(uow, request, first)
            # Counted under the user's row lock: concurrent submits see each other's requests.
            cap = self.policy.max_active
            if cap is not None and await uow.generations.count_active(user_id) + request.variants > cap:
                raise TooManyActiveGenerations(cap)
            pictures = await resolve_start_pictures(uow, user_id, request)
            wallet.reserve(user, per_variant * request.variants)  # all variants or none
            now = self.clock.now()
            user.updated_at = now
            group_id = self.ids.new() if request.variants > 1 else None
            # Ascending ids: the queue breaks created_at ties by id, so the variants go in seed order.
            job_ids = sorted(self.ids.new() for _ in range(request.variants))
            jobs = [
                PredictionRequest(
                    id=job_ids[index],
                    user_id=user_id,
                    params=replace(params, seed=variant_seed(params.seed, index)),
                    model=self.policy.model_id,
                    credits_reserved=per_variant,
                    created_at=now,
                    idempotency_key=idempotency_key if index == 0 else None,  # the key names the submit
                    group_id=group_id,
                    variant_index=index,
                    **asdict(pictures),  # same field names as the request's
                )
                for index in range(request.variants)
            ]
            for job in jobs:
                await uow.generations.add(job)
            await uow.users.save(user)
            views = await generation_views(uow, jobs)
            await uow.commit()
        await self.events.job_submitted()
        return Submitted(views, replayed=False)

    @staticmethod
    async def _replay(uow: UnitOfWork, request: GenerationInput, first: PredictionRequest) -> Submitted:
        """The same Idempotency-Key again: the stored submit, all its variants, if the body is the same."""
        group = await uow.generations.in_group(first.group_id) if first.group_id is not None else [first]
        ref = request.init_image
        same = (
            request.matches(first.params)
            and len(group) == request.variants
            and (first.init_upload_id, first.init_generation_id, first.mask_upload_id)
            == (ref.upload_id if ref else None, ref.generation_id if ref else None, request.mask_upload_id)
        )
        if not same:
            raise IdempotencyMismatch()
        return Submitted(await generation_views(uow, group), replayed=True)
