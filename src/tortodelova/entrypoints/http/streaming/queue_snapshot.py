"""Queue positions for the event streams from one snapshot per API process.

Every open stream re-reads its request every few seconds; asking the database for each stream's
queue position would cost one window query per stream per round. Instead the streams share one
snapshot of all positions, reloaded at most every QUEUE_SNAPSHOT_SECONDS by whichever stream asks
first (single flight). A request newer than the snapshot is placed behind everything in it until
the next reload.
"""

from __future__ import annotations

from uuid import UUID

from dishka import AsyncContainer

from tortodelova.application.use_cases.generations.queue_positions import GetQueuePositions
from tortodelova.domain.generation import PredictionRequest, Status
from tortodelova.entrypoints.http.ttl_cache import TtlCache


class QueueSnapshot:
    def __init__(self, container: AsyncContainer, max_age_s: float) -> None:
        self.container = container
        self._cache: TtlCache[dict[UUID, int]] = TtlCache(max_age_s)

    async def _load(self) -> dict[UUID, int]:
        async with self.container() as scope:
            positions = await scope.get(GetQueuePositions)
            return await positions()

    async def position(self, request: PredictionRequest) -> int:
        if request.status is not Status.PENDING:
            return 0
        positions = await self._cache.get(self._load)
        return positions.get(request.id, len(positions))
