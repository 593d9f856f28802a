from __future__ import annotations

from uuid import UUID

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.results import UpscaleQuote
from tortodelova.application.use_cases.printing.upscale_source import check_upscale, upscale_source


class QuoteUpscale:
    """What «Увеличить для печати» would cost and give, after the checks a submit makes (another user's
    or unknown design: 404, not finished: 409, no upscaler here: 409, too big or another factor: 422),
    so the button says its price and the panel what is wrong before anything is reserved."""

    def __init__(self, *, uow: UnitOfWork, price: int, available: bool) -> None:
        self.uow, self.price, self.available = uow, price, available

    async def __call__(self, user_id: UUID, parent_id: UUID, factor: int) -> UpscaleQuote:
        check_upscale(factor, available=self.available)
        async with self.uow.reading() as uow:
            _, (width, height) = await upscale_source(uow, user_id, parent_id, factor)
        return UpscaleQuote(self.price, width, height)
