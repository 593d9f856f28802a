from __future__ import annotations

from tortodelova.application.ports import Clock, Stats, UnitOfWork


class GetStats:
    """Admin monitoring: counts, queue, throughput over 24 h, durations, credits, workers."""

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self.uow, self.clock = uow, clock

    async def __call__(self) -> Stats:
        async with self.uow as uow:
            return await uow.generations.stats(self.clock.now())
