from __future__ import annotations

from tortodelova.application.ports.stats import Stats, StatsReader
from tortodelova.application.ports.system import Clock


class GetStats:
    """Admin monitoring: counts, queue, throughput over 24 h, durations, credits, workers."""

    def __init__(self, *, stats: StatsReader, clock: Clock) -> None:
        self.stats, self.clock = stats, clock

    async def __call__(self) -> Stats:
        return await self.stats.read(self.clock.now())
