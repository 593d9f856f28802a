"""Which jobs share one model call: the one rule the worker's batching and the generator follow."""

from __future__ import annotations

from dataclasses import dataclass

from tortodelova.domain.generation import DesignKind, Mode, PredictionRequest, Quality


@dataclass(frozen=True, slots=True)
class BatchKey:
    """Jobs with equal keys go through the model in one pipeline call; jobs with different keys never do.

    - width and height: one latent shape per call;
    - steps: one schedule per call;
    - guidance: the pipeline takes one guidance scale per call;
    - quality: a draft runs with the LCM-LoRA and the LCM scheduler, a standard job without them;
    - mode: text-only, img2img and inpainting run different pipelines;
    - strength: a start from a picture runs ceil(steps x strength) steps of the schedule;
    - kind: an upscale goes through the upscaler, not the model (issue 22).

    The worker groups the jobs it claimed by it (application/batching.py), and the generator runs one
    pipeline call per key of the jobs it is given (adapters/ml/generator.py).
    """

    width: int
    height: int
    steps: int
    guidance: float
    quality: Quality = Quality.STANDARD
    mode: Mode = Mode.TEXT
    strength: float | None = None  # set iff the mode starts from a picture
    kind: DesignKind = DesignKind.GENERATION

    @classmethod
    def of(cls, request: PredictionRequest) -> BatchKey:
        p = request.params
        return cls(
            p.width, p.height, p.steps, float(p.guidance), p.quality, request.mode, p.strength, request.kind
        )
