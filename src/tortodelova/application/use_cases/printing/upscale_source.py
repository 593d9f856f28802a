"""What an upscale and its quote both check, in the same order: the factor and whether this server
upscales at all before any I/O, then the caller's finished design and the size it would reach."""

from __future__ import annotations

from uuid import UUID

from tortodelova.application.owned import finished_design
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.domain.generation import PredictionRequest
from tortodelova.domain.upscale import UpscaleUnavailable, check_factor, upscaled_size

NOT_READY = "Увеличить можно только готовый дизайн: дождитесь, пока он будет создан."


def check_upscale(factor: int, *, available: bool) -> None:
    """Before any I/O: 2 or 4 (422), and upscaler weights on this server (409)."""
    check_factor(factor)
    if not available:
        raise UpscaleUnavailable()


async def upscale_source(
    uow: UnitOfWork, user_id: UUID, parent_id: UUID, factor: int
) -> tuple[PredictionRequest, tuple[int, int]]:
    """The caller's finished design (404 / 409) and its upscaled size (422 when it is too big)."""
    parent = await finished_design(uow, user_id, parent_id, not_ready=NOT_READY)
    return parent, upscaled_size(parent.params.width, parent.params.height, factor)
