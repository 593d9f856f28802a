"""Which claimed jobs can go through the model together."""

from __future__ import annotations

from collections.abc import Sequence

from tortodelova.domain.generation import PredictionRequest


def compatible_groups(jobs: Sequence[PredictionRequest]) -> list[list[PredictionRequest]]:
    """Jobs sharing size, steps, guidance, quality and strength form one batch (one pipeline call);
    order is kept. Quality is part of the key: a draft runs with the LCM-LoRA and scheduler, a standard
    job without; strength too: text-only, img2img and inpainting jobs run different pipelines; the kind:
    an upscale goes through the upscaler, not the model."""
    groups: dict[tuple[str, int, int, int, float, str, float | None, bool], list[PredictionRequest]] = {}
    for job in jobs:
        p = job.params
        mask = job.mask_object_key is not None
        key = (job.kind, p.width, p.height, p.steps, p.guidance, p.quality, p.strength, mask)
        groups.setdefault(key, []).append(job)
    return list(groups.values())
