from __future__ import annotations

import asyncio
from dataclasses import dataclass
from uuid import UUID

from tortodelova.application.owned import finished_design
from tortodelova.application.ports.errors import ObjectNotFound
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.printing import PrintFile, PrintRenderer
from tortodelova.application.ports.storage import ObjectStore
from tortodelova.domain.errors import NotFound
from tortodelova.domain.print_layout import PrintSpec

NOT_READY = "Печатать можно только готовый дизайн: дождитесь, пока он будет создан."


@dataclass(frozen=True, slots=True)
class PrintExport:
    file: PrintFile
    filename: str


class ExportPrint:
    """The owner's finished design as an edible-print file (PDF, PNG or JPEG). Pure CPU, no credits:
    nothing is stored, the file goes straight back to the caller."""

    def __init__(self, *, uow: UnitOfWork, store: ObjectStore, renderer: PrintRenderer) -> None:
        self.uow, self.store, self.renderer = uow, store, renderer

    async def __call__(self, user_id: UUID, generation_id: UUID, spec: PrintSpec) -> PrintExport:
        async with self.uow as uow:
            design = await finished_design(uow, user_id, generation_id, not_ready=NOT_READY)
        assert design.s3_key is not None  # finished_design guarantees the image
        try:
            picture = await self.store.get(design.s3_key)
        except ObjectNotFound:
            raise NotFound("Изображение дизайна недоступно") from None
        printed = await asyncio.to_thread(self.renderer.render, picture, spec.plan())
        size = (
            f"{spec.width_mm:g}mm"
            if spec.width_mm == spec.height_mm
            else f"{spec.width_mm:g}x{spec.height_mm:g}mm"
        )
        name = f"tort-{design.id}-{spec.layout.value}" + (f"-{size}" if spec.width_mm else "")
        return PrintExport(printed, f"{name}.{printed.extension}")
