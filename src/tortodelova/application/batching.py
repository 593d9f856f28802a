"""Which claimed jobs can go through the model together."""

from __future__ import annotations

from collections.abc import Sequence

from tortodelova.domain.generation import PredictionRequest


def compatible_groups(jobs: Sequence[PredictionRequest]) -> list[list[PredictionRequest]]:
    """Jobs sharing size, steps, guidance and quality form one batch (one pipeline call); order is kept.
    Quality is part of the key: a draft runs with the LCM-LoRA and scheduler, a standard job without."""
    groups: dict[tuple[int, int, int, float, str], list[PredictionRequest]] = {}
    for job in jobs:
        p = job.params
        groups.setdefault((p.width, p.height, p.steps, p.guidance, p.quality), []).append(job)
    return list(groups.values())
