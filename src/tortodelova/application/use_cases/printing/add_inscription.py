from __future__ import annotations

import asyncio
from dataclasses import replace
from uuid import UUID

from tortodelova.application.owned import finished_design
from tortodelova.application.ports.errors import ObjectNotFound
from tortodelova.application.ports.events import EventPublisher, GenerationEvent
from tortodelova.application.ports.inscriptions import InscriptionRenderer
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.storage import ObjectStore
from tortodelova.application.ports.system import Clock, IdGenerator
from tortodelova.application.results import GenerationView
from tortodelova.domain.errors import InactiveUser, NotFound
from tortodelova.domain.generation import DesignKind, PredictionRequest, Status, design_key
from tortodelova.domain.inscription import InscriptionSpec

NOT_READY = "Надпись можно добавить только на готовый дизайн: дождитесь, пока он будет создан."
RENDERER_ID = "inscription/pillow-freetype"


class AddInscription:
    """A new design of kind `inscription`: the parent's picture with the text drawn on it by the API
    (FreeType, no GPU, no credits), stored like any design, so it can be shared, printed and upscaled.

    The picture is stored before the row is written: a crash in between leaves an object no design
    shows, never a design without its picture."""

    def __init__(
        self,
        *,
        uow: UnitOfWork,
        store: ObjectStore,
        renderer: InscriptionRenderer,
        ids: IdGenerator,
        clock: Clock,
        events: EventPublisher,
    ) -> None:
        self.uow, self.store, self.renderer = uow, store, renderer
        self.ids, self.clock, self.events = ids, clock, events

    async def __call__(self, user_id: UUID, parent_id: UUID, spec: InscriptionSpec) -> GenerationView:
        async with self.uow as uow:
            user = await uow.users.get(user_id)
            if user is None:
                raise NotFound("Пользователь не найден")
            if not user.is_active:
                raise InactiveUser()
            parent = await finished_design(uow, user_id, parent_id, not_ready=NOT_READY)
        assert parent.s3_key is not None
        try:
            picture = await self.store.get(parent.s3_key)
        except ObjectNotFound:
            raise NotFound("Изображение дизайна недоступно") from None
        drawn = await asyncio.to_thread(self.renderer.render, picture, spec)
        design_id = self.ids.new()
        key = design_key(user_id, design_id)
        await self.store.put(key, drawn, "image/png", download_name=f"tort-{design_id}.png")
        now = self.clock.now()
        design = PredictionRequest(
            id=design_id,
            user_id=user_id,
            params=replace(parent.params, strength=None),  # the parent's description, style and size
            model=RENDERER_ID,
            credits_reserved=0,
            created_at=now,
            status=Status.SUCCESS,
            prompt_en=parent.prompt_en,
            negative_prompt=parent.negative_prompt,
            s3_key=key,
            public_url=self.store.public_url(key),
            progress=1.0,
            started_at=now,
            finished_at=now,
            kind=DesignKind.INSCRIPTION,
            parent_id=parent.id,
        )
        async with self.uow as uow:
            await uow.generations.add(design)
            await uow.commit()
        await self.events.publish(
            GenerationEvent(design.id, user_id, Status.SUCCESS, 1.0, public_url=design.public_url)
        )
        return GenerationView(design, 0)
