from __future__ import annotations

from uuid import UUID

from tortodelova.application.owned import finished_design
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.results import UpscaleQuote
from tortodelova.application.use_cases.printing.submit_upscale import NOT_READY
from tortodelova.domain.upscale import UpscaleUnavailable, upscaled_size


class QuoteUpscale:
    """What «Увеличить для печати» would cost and give, after the checks a submit makes (another user's
    or unknown design: 404, not finished: 409, no upscaler here: 409, too big or another factor: 422),
    so the button says its price and the panel what is wrong before anything is reserved."""

    def __init__(self, *, uow: UnitOfWork, price: int, available: bool) -> None:
        self.uow, self.price, self.available = uow, price, available

    async def __call__(self, user_id: UUID, parent_id: UUID, factor: int) -> UpscaleQuote:
        if not self.available:
            raise UpscaleUnavailable()
        async with self.uow.reading() as uow:
            parent = await finished_design(uow, user_id, parent_id, not_ready=NOT_READY)
        width, height = upscaled_size(parent.params.width, parent.params.height, factor)
        return UpscaleQuote(self.price, width, height)
