"""The caller's generation request as received, before validation and seed choice."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from tortodelova.application.ports.ml import DraftAvailability
from tortodelova.application.ports.system import SeedSource
from tortodelova.domain.errors import DraftUnavailable, ValidationFailed
from tortodelova.domain.generation import (
    VARIANTS_MAX,
    VARIANTS_MIN,
    GenerationParams,
    Quality,
    RequestedParams,
)


@dataclass(frozen=True, slots=True)
class InitImageRef:
    """The picture to start from, as named by the caller: one of their uploads or one of their designs."""

    upload_id: UUID | None = None
    generation_id: UUID | None = None


@dataclass(frozen=True, slots=True)
class GenerationInput(RequestedParams):
    """A submit or quote as received: the parameters, and how many variants of what picture."""

    seed: int | None = None  # None: a random one
    variants: int = 1
    init_image: InitImageRef | None = None
    mask_upload_id: UUID | None = None

    def to_params(self, seeds: SeedSource) -> GenerationParams:
        """The first variant's parameters; every rule of the request is checked, errors together."""
        errors: dict[str, str] = {}
        if not VARIANTS_MIN <= self.variants <= VARIANTS_MAX:
            errors["variants"] = f"число вариантов от {VARIANTS_MIN} до {VARIANTS_MAX}"
        ref = self.init_image
        if ref is not None and (ref.upload_id is None) == (ref.generation_id is None):
            errors["init_image"] = (
                "укажите одно из двух: upload_id (загруженное фото) или generation_id (ваш дизайн)"
            )
        try:
            params = GenerationParams.create(
                self,
                seed=self.seed if self.seed is not None else seeds.random_seed(),
                has_init_image=ref is not None,
                has_mask=self.mask_upload_id is not None,
            )
        except ValidationFailed as exc:
            raise ValidationFailed({**exc.errors, **errors}) from None
        if errors:
            raise ValidationFailed(errors)
        return params

    def to_offered_params(self, seeds: SeedSource, drafts: DraftAvailability) -> GenerationParams:
        """Validated params this server can render: a draft is refused when the LCM-LoRA is absent."""
        params = self.to_params(seeds)
        if params.quality is Quality.DRAFT and not drafts.drafts_available():
            raise DraftUnavailable()
        return params

    def matches(self, params: GenerationParams) -> bool:
        """Do a stored request's parameters answer this input? (Idempotency replays; a random seed
        matches any.) The variant count and the pictures are compared by the caller."""
        mine = self.to_params(FixedSeed(params.seed if self.seed is None else self.seed))
        return mine == params


class FixedSeed:
    """A SeedSource that always gives the same seed (replays; quotes, where the seed is irrelevant)."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def random_seed(self) -> int:
        return self.seed
