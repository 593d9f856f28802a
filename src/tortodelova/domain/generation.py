"""Generation parameters and the prediction request with its status machine."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from tortodelova.domain import text
from tortodelova.domain.errors import (
    InvalidTransition,
    LeaseLost,
    NotCancellable,
    NotDeletable,
    ValidationFailed,
)
from tortodelova.domain.styles import STYLES

ALLOWED_SIZES: frozenset[tuple[int, int]] = frozenset({(512, 512), (512, 768), (768, 512), (768, 768)})
DEFAULT_SIZE = (512, 512)  # (width, height) where the request names none
STEPS_MIN, STEPS_MAX, STEPS_DEFAULT = 10, 40, 25
GUIDANCE_MIN, GUIDANCE_MAX, GUIDANCE_DEFAULT = 1.0, 12.0, 7.0
# Draft (LCM-LoRA): a consistency model needs few steps and little or no guidance.
DRAFT_STEPS_MIN, DRAFT_STEPS_MAX, DRAFT_STEPS_DEFAULT = 4, 8, 4
DRAFT_GUIDANCE_MIN, DRAFT_GUIDANCE_MAX, DRAFT_GUIDANCE_DEFAULT = 1.0, 2.0, 1.0
SEED_MAX = 2**32 - 1
# One submit renders 1..4 variants with consecutive seeds (seed, seed+1, ... mod 2**32).
VARIANTS_MIN, VARIANTS_MAX = 1, 4
# img2img / inpainting: how far the result may move from the starting picture (share of the steps run).
STRENGTH_MIN, STRENGTH_MAX = 0.2, 0.9
PROMPT_MIN, PROMPT_MAX = 3, 1000
NEGATIVE_MAX = 500
# At least PROMPT_MIN characters once runs of whitespace are one space: three visible characters
# with only spaces between them, or two with a space between.
_V, _S = text.VISIBLE, text.SPACE
PROMPT_PATTERN = f"^{text.CHAR}*({_V}{_S}*{_V}{_S}*{_V}|{_V}{_S}+{_V}){text.CHAR}*$"


class Quality(enum.StrEnum):
    """standard: the base model, DPM++ 2M Karras; draft: the same model with the LCM-LoRA, 4-8 steps."""

    STANDARD = "standard"
    DRAFT = "draft"


class Mode(enum.StrEnum):
    """What a job starts from: text only, a picture (img2img), or a picture with a mask (inpainting)."""

    TEXT = "text"
    IMAGE = "image"
    INPAINT = "inpaint"


class DesignKind(enum.StrEnum):
    """What made the design: the model from a description (a redraw included: it names its starting
    picture in init_*), the upscaler from another design, or an inscription set on another design.
    The last two name that design in `parent_id`."""

    GENERATION = "generation"
    UPSCALE = "upscale"
    INSCRIPTION = "inscription"


class Status(enum.StrEnum):
    PENDING = "pending"
    PROCESSING = "processing"
    SUCCESS = "success"
    FAILED = "failed"
    CANCELLED = "cancelled"  # by its owner while still pending

    @property
    def is_terminal(self) -> bool:
        return self in (Status.SUCCESS, Status.FAILED, Status.CANCELLED)

    @property
    def holds_reservation(self) -> bool:
        return self in (Status.PENDING, Status.PROCESSING)


@dataclass(frozen=True, slots=True)
class RequestedParams:
    """A generation's parameters as its caller sent them, not checked yet (None: the default)."""

    prompt_ru: str
    style: str
    negative_prompt_ru: str | None = None
    width: int | None = None
    height: int | None = None
    steps: int | None = None
    guidance: float | None = None
    quality: str | None = None
    strength: float | None = None


@dataclass(frozen=True, slots=True)
class GenerationParams:
    """Validated parameters of one generation. Build with `GenerationParams.create`."""

    prompt_ru: str
    style: str
    negative_prompt_ru: str | None
    width: int
    height: int
    steps: int
    guidance: float
    seed: int
    quality: Quality = Quality.STANDARD
    strength: float | None = None  # set iff the generation starts from a picture

    @classmethod
    def create(
        cls, requested: RequestedParams, *, seed: int, has_init_image: bool = False, has_mask: bool = False
    ) -> GenerationParams:
        """Every rule checked, the errors together. `has_init_image`/`has_mask`: whether the request
        names a starting picture and a mask (resolved later by the use case); strength goes with a
        starting picture and only with it."""
        r = requested
        errors: dict[str, str] = {}
        q = _quality(r.quality, errors)
        prompt = " ".join(text.check("prompt_ru", r.prompt_ru or "", multiline=True).split())
        if not PROMPT_MIN <= text.length(prompt) <= PROMPT_MAX:
            errors["prompt_ru"] = f"описание должно быть от {PROMPT_MIN} до {PROMPT_MAX} символов"
        if r.style not in STYLES:
            errors["style"] = f"неизвестный стиль; допустимые: {', '.join(STYLES)}"
        negative = (
            " ".join(text.check("negative_prompt_ru", r.negative_prompt_ru, multiline=True).split())
            if r.negative_prompt_ru
            else None
        )
        if negative is not None and text.length(negative) > NEGATIVE_MAX:
            errors["negative_prompt_ru"] = f"не более {NEGATIVE_MAX} символов"
        w, h = r.width or DEFAULT_SIZE[0], r.height or DEFAULT_SIZE[1]
        if (w, h) not in ALLOWED_SIZES:
            errors["width"] = "допустимые размеры: 512x512, 512x768, 768x512, 768x768"
        s_min, s_max, s_default, g_min, g_max, g_default = QUALITY_LIMITS[q]
        st = s_default if r.steps is None else r.steps
        if not s_min <= st <= s_max:
            errors["steps"] = f"число шагов от {s_min} до {s_max}" + _DRAFT_NOTE[q]
        g = g_default if r.guidance is None else float(r.guidance)
        if not g_min <= g <= g_max:
            errors["guidance"] = f"guidance от {g_min:g} до {g_max:g}" + _DRAFT_NOTE[q]
        if not 0 <= seed <= SEED_MAX:
            errors["seed"] = f"seed от 0 до {SEED_MAX}"
        _check_init_image(r.strength, has_init_image, has_mask, errors)
        if errors:
            raise ValidationFailed(errors)
        return cls(
            prompt_ru=text.nfc(prompt),
            style=r.style,
            negative_prompt_ru=text.nfc(negative) if negative else None,
            width=w,
            height=h,
            steps=st,
            guidance=g,
            seed=seed,
            quality=q,
            strength=float(r.strength) if r.strength is not None else None,
        )


@dataclass(frozen=True, slots=True)
class Lease:
    """A worker's hold on a processing job: its id and the claim number (`lease_seq`).

    The claim number is the fencing token: it grows on every claim and never goes back (a graceful
    release gives the attempt back, not the number), so a late result of an earlier claim is refused
    even when two workers run with the same id.
    """

    owner: str
    seq: int


# quality -> (steps min, max, default, guidance min, max, default)
QUALITY_LIMITS = {
    Quality.STANDARD: (STEPS_MIN, STEPS_MAX, STEPS_DEFAULT, GUIDANCE_MIN, GUIDANCE_MAX, GUIDANCE_DEFAULT),
    Quality.DRAFT: (
        DRAFT_STEPS_MIN,
        DRAFT_STEPS_MAX,
        DRAFT_STEPS_DEFAULT,
        DRAFT_GUIDANCE_MIN,
        DRAFT_GUIDANCE_MAX,
        DRAFT_GUIDANCE_DEFAULT,
    ),
}
_DRAFT_NOTE = {Quality.STANDARD: "", Quality.DRAFT: " в режиме «Черновик»"}


def _check_init_image(
    strength: float | None, has_init_image: bool, has_mask: bool, errors: dict[str, str]
) -> None:
    if has_init_image and strength is None:
        errors["strength"] = (
            f"укажите, насколько можно менять исходную картинку: от {STRENGTH_MIN:g} до {STRENGTH_MAX:g}"
        )
    elif strength is not None and not has_init_image:
        errors["strength"] = "степень изменения задаётся только вместе с исходной картинкой (init_image)"
    elif strength is not None and not STRENGTH_MIN <= strength <= STRENGTH_MAX:
        errors["strength"] = f"степень изменения от {STRENGTH_MIN:g} до {STRENGTH_MAX:g}"
    if has_mask and not has_init_image:
        errors["mask_upload_id"] = (
            "маска перерисовки задаётся только вместе с исходной картинкой (init_image)"
        )


def _quality(value: str | None, errors: dict[str, str]) -> Quality:
    try:
        return Quality(value or Quality.STANDARD)
    except ValueError:
        errors["quality"] = "качество: draft (черновик) или standard (полное)"
        return Quality.STANDARD


@dataclass(slots=True)
class PredictionRequest:
    """One generation request. Mutated only through its transition methods."""

    id: UUID
    user_id: UUID
    params: GenerationParams
    model: str
    credits_reserved: int
    created_at: datetime
    status: Status = Status.PENDING
    prompt_en: str | None = None
    negative_prompt: str | None = None  # final English negative prompt
    s3_key: str | None = None
    public_url: str | None = None
    credits_spent: int = 0
    progress: float = 0.0
    error: str | None = None
    attempts: int = 0
    lease_owner: str | None = None
    lease_expires_at: datetime | None = None
    idempotency_key: str | None = None
    lease_seq: int = 0  # claims so far, released ones included: the fencing token (see Lease)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    # the variants of one submit share a group id (None for a single variant); seeds go seed, seed+1, ...
    group_id: UUID | None = None
    variant_index: int = 0
    # the starting picture: one of the user's uploads or one of the user's own designs
    init_upload_id: UUID | None = None
    init_generation_id: UUID | None = None
    init_object_key: str | None = None  # the S3 key the worker reads the starting picture from
    mask_upload_id: UUID | None = None
    mask_object_key: str | None = None  # the mask's S3 key (8-bit grayscale PNG, white = redraw)
    favorite: bool = False  # the owner's star: the gallery filters on it
    deleted_at: datetime | None = None  # deleted by its owner: image gone, row kept for history and ledger
    kind: DesignKind = DesignKind.GENERATION
    parent_id: UUID | None = None  # the design an upscale or an inscription was made from

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def mode(self) -> Mode:
        """Strength goes with a starting picture and only with it (GenerationParams.create)."""
        if self.params.strength is None:
            return Mode.TEXT
        return Mode.INPAINT if self.mask_object_key is not None else Mode.IMAGE

    # --- transitions -------------------------------------------------------------------------
    def claim(self, owner: str, now: datetime, lease_until: datetime) -> Lease:
        """pending -> processing, or take over a processing job whose lease expired."""
        if self.status is Status.PROCESSING and not self.lease_expired(now):
            raise InvalidTransition("задача уже выполняется другим воркером")
        if self.status.is_terminal:
            raise InvalidTransition(f"нельзя взять задачу в статусе {self.status}")
        self.status = Status.PROCESSING
        self.lease_owner = owner
        self.lease_expires_at = lease_until
        self.attempts += 1
        self.lease_seq += 1
        self.progress = 0.0
        self.started_at = self.started_at or now
        return Lease(owner, self.lease_seq)

    @property
    def lease(self) -> Lease | None:
        """The current hold, while processing."""
        if self.status is not Status.PROCESSING or self.lease_owner is None:
            return None
        return Lease(self.lease_owner, self.lease_seq)

    def lease_expired(self, now: datetime) -> bool:
        return self.lease_expires_at is not None and self.lease_expires_at <= now

    def check_owner(self, owner: str | Lease) -> None:
        """LeaseLost unless `owner` holds the job. A Lease also fences the claim number (workers'
        results, heartbeats, releases); a bare worker id fences by id alone."""
        if isinstance(owner, Lease):
            if self.lease != owner:
                raise LeaseLost()
        elif self.status is not Status.PROCESSING or self.lease_owner != owner:
            raise LeaseLost()

    def extend_lease(self, owner: str | Lease, lease_until: datetime) -> None:
        self.check_owner(owner)
        self.lease_expires_at = lease_until

    def report_progress(self, owner: str | Lease, progress: float) -> None:
        self.check_owner(owner)
        self.progress = min(1.0, max(self.progress, progress))

    def set_prompts(self, prompt_en: str, negative_prompt: str) -> None:
        self.prompt_en, self.negative_prompt = prompt_en, negative_prompt

    def succeed(self, owner: str | Lease, s3_key: str, public_url: str, now: datetime) -> int:
        """processing -> success; returns the credits to debit (the reservation; 0 for a free kind)."""
        self.check_owner(owner)
        self.status = Status.SUCCESS
        self.s3_key, self.public_url = s3_key, public_url
        self.credits_spent = self.credits_reserved
        self.progress = 1.0
        self.error = None
        self.finished_at = now
        self._clear_lease()
        return self.credits_spent

    def fail(self, error: str, now: datetime, owner: str | Lease | None = None) -> None:
        """processing (or pending, by an operator) -> failed; nothing is spent."""
        if owner is not None:
            self.check_owner(owner)
        if self.status.is_terminal:
            raise InvalidTransition(f"задача уже завершена ({self.status})")
        self.status = Status.FAILED
        self.error = error
        self.credits_spent = 0
        self.finished_at = now
        self._clear_lease()

    def cancel(self, now: datetime) -> None:
        """pending -> cancelled, by its owner; nothing is spent. Once a worker holds it, it runs to the end."""
        if self.status is not Status.PENDING:
            raise NotCancellable()
        self.status = Status.CANCELLED
        self.credits_spent = 0
        self.progress = 0.0
        self.finished_at = now

    def requeue(self, owner: str | Lease | None, error: str | None = None) -> None:
        """processing -> pending: a transient error with attempts left, a released job or an expired lease."""
        if self.status is not Status.PROCESSING:
            raise InvalidTransition(f"вернуть в очередь можно только выполняемую задачу, а не {self.status}")
        if owner is not None:
            self.check_owner(owner)
        self.status = Status.PENDING
        self.progress = 0.0
        self.error = error
        self._clear_lease()

    def give_back(self, owner: str | Lease) -> None:
        """processing -> pending without spending the attempt: the worker stops (SIGTERM, rolling
        restart) before finishing it. The claim number stays: it only ever grows."""
        self.requeue(owner)
        self.attempts = max(0, self.attempts - 1)

    def delete(self, now: datetime) -> bool:
        """Its owner removes the design: only a finished request (the reservation is settled, no worker
        will write an image later). Returns False when it was already deleted (nothing changes).

        The public URL goes; `s3_key` stays so that a repeated delete can remove an object a crash left
        behind (the key is never served once deleted)."""
        if not self.status.is_terminal:
            raise NotDeletable()
        if self.deleted_at is not None:
            return False
        self.deleted_at = now
        self.public_url = None
        self.favorite = False
        return True

    def _clear_lease(self) -> None:
        self.lease_owner = None
        self.lease_expires_at = None

    def copy(self) -> PredictionRequest:
        return replace(self)


def variant_seed(seed: int, index: int) -> int:
    """The seed of the `index`-th variant of a submit whose first variant has `seed`."""
    return (seed + index) % (SEED_MAX + 1)


def design_key(user_id: UUID, request_id: UUID) -> str:
    """Deterministic object key: a retry overwrites instead of duplicating."""
    return f"designs/{user_id}/{request_id}.png"
