"""Which claimed jobs can go through the model together."""

from __future__ import annotations

from collections.abc import Sequence

from tortodelova.domain.generation import PredictionRequest


def compatible_groups(jobs: Sequence[PredictionRequest]) -> list[list[PredictionRequest]]:
    """Jobs sharing size, steps and guidance form one batch (one pipeline call); order is kept."""
    groups: dict[tuple[int, int, int, float], list[PredictionRequest]] = {}
    for job in jobs:
        p = job.params
        groups.setdefault((p.width, p.height, p.steps, p.guidance), []).append(job)
    return list(groups.values())
