"""The caller's generation request as received, before validation and seed choice."""

from __future__ import annotations

from dataclasses import dataclass

from tortodelova.application.ports.ml import DraftAvailability
from tortodelova.application.ports.system import SeedSource
from tortodelova.domain.errors import DraftUnavailable
from tortodelova.domain.generation import GenerationParams, Quality


@dataclass(frozen=True, slots=True)
class GenerationInput:
    prompt_ru: str
    style: str
    negative_prompt_ru: str | None = None
    width: int | None = None
    height: int | None = None
    steps: int | None = None
    guidance: float | None = None
    seed: int | None = None
    quality: str | None = None

    def to_params(self, seeds: SeedSource) -> GenerationParams:
        return GenerationParams.create(
            prompt_ru=self.prompt_ru,
            style=self.style,
            negative_prompt_ru=self.negative_prompt_ru,
            width=self.width,
            height=self.height,
            steps=self.steps,
            guidance=self.guidance,
            seed=self.seed if self.seed is not None else seeds.random_seed(),
            quality=self.quality,
        )

    def to_offered_params(self, seeds: SeedSource, drafts: DraftAvailability) -> GenerationParams:
        """Validated params this server can render: a draft is refused when the LCM-LoRA is absent."""
        params = self.to_params(seeds)
        if params.quality is Quality.DRAFT and not drafts.drafts_available():
            raise DraftUnavailable()
        return params

    def matches(self, params: GenerationParams) -> bool:
        """Does a stored request answer this input? (Idempotency replays; a random seed matches any.)"""
        mine = self.to_params(FixedSeed(params.seed if self.seed is None else self.seed))
        return mine == params


class FixedSeed:
    """A SeedSource that always gives the same seed (replays; quotes, where the seed is irrelevant)."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def random_seed(self) -> int:
        return self.seed
