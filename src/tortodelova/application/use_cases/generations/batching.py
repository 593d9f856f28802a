"""Which claimed jobs can go through the model together."""

from __future__ import annotations

from collections.abc import Sequence

from tortodelova.domain.batch_key import BatchKey
from tortodelova.domain.generation import PredictionRequest


def compatible_groups(jobs: Sequence[PredictionRequest]) -> list[list[PredictionRequest]]:
    """Jobs with the same batch key (domain/batch_key.py) form one batch (one pipeline call); order is kept."""
    groups: dict[BatchKey, list[PredictionRequest]] = {}
    for job in jobs:
        groups.setdefault(BatchKey.of(job), []).append(job)
    return list(groups.values())
