"""Bodies of /api/generations and /api/styles, and the payload of a generation's event stream."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from tortodelova.application.results import GenerationView
from tortodelova.domain import generation as g
from tortodelova.domain import text
from tortodelova.domain.shares import Decision, FeedbackSummary
from tortodelova.domain.styles import STYLES
from tortodelova.entrypoints.http.schemas.common import _doc, utc

# --- requests ---------------------------------------------------------------------------------


class InitImageIn(msgspec.Struct):
    """The picture to start from: exactly one of the two (one of your uploads, or one of your designs)."""

    upload_id: UUID | None = None
    generation_id: UUID | None = None


class GenerationIn(msgspec.Struct):
    prompt_ru: Annotated[
        str, _doc(min_length=g.PROMPT_MIN, max_length=g.PROMPT_MAX, pattern=g.PROMPT_PATTERN)
    ]
    style: Annotated[str, _doc(enum=list(STYLES))]
    negative_prompt_ru: Annotated[
        str | None, _doc(max_length=g.NEGATIVE_MAX, pattern=text.MULTI_LINE_PATTERN)
    ] = None
    width: Annotated[int | None, _doc(enum=[512, 768, None])] = None
    height: Annotated[int | None, _doc(enum=[512, 768, None])] = None
    # The widest ranges (draft: 4-8 steps, guidance 1-2; standard: 10-40, 1-12); the domain checks per quality.
    steps: Annotated[int | None, _doc(minimum=g.DRAFT_STEPS_MIN, maximum=g.STEPS_MAX)] = None
    guidance: Annotated[float | None, _doc(minimum=g.GUIDANCE_MIN, maximum=g.GUIDANCE_MAX)] = None
    seed: Annotated[int | None, _doc(minimum=0, maximum=g.SEED_MAX)] = None
    quality: Annotated[str, _doc(enum=[q.value for q in g.Quality])] = g.Quality.STANDARD.value
    variants: Annotated[int, _doc(minimum=g.VARIANTS_MIN, maximum=g.VARIANTS_MAX)] = 1
    # img2img: strength goes with init_image and only with it; inpainting adds mask_upload_id.
    init_image: InitImageIn | None = None
    strength: Annotated[float | None, _doc(minimum=g.STRENGTH_MIN, maximum=g.STRENGTH_MAX)] = None
    mask_upload_id: UUID | None = None


# --- responses --------------------------------------------------------------------------------


class StyleOut(msgspec.Struct):
    code: str
    title: str
    description: str


class QuoteOut(msgspec.Struct):
    credits: int  # the whole submit: per_variant x variants
    per_variant: int
    variants: int


class InitImageOut(msgspec.Struct, omit_defaults=True):
    """`{"upload_id": …}` or `{"generation_id": …}`: the one that names the starting picture."""

    upload_id: UUID | msgspec.UnsetType = msgspec.UNSET
    generation_id: UUID | msgspec.UnsetType = msgspec.UNSET


class FeedbackSummaryOut(msgspec.Struct):
    """The clients' answers on the design's share links: how many, and the latest decision."""

    count: int
    last_decision: Annotated[str | None, _doc(enum=[d.value for d in Decision] + [None])]


class GenerationOut(msgspec.Struct):
    id: UUID
    user_id: UUID  # the owner (the admin's lists show whose it is)
    attempts: int  # claims by workers so far (a failed one shows how often it was tried)
    prompt_ru: str
    prompt_en: str | None
    negative_prompt: str | None
    negative_prompt_ru: str | None  # as the user typed it (the studio's «Открыть в студии» refills it)
    style: str
    width: int
    height: int
    steps: int
    guidance: float
    seed: int
    quality: str
    status: str
    progress: float
    queue_position: int
    s3_key: str | None
    public_url: str | None
    credits_reserved: int
    credits_spent: int
    error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    group_id: UUID | None  # shared by the variants of one submit; null for a single one
    variant_index: int
    init_image: InitImageOut | None
    strength: float | None
    mask_upload_id: UUID | None
    favorite: bool
    deleted: bool  # by its owner: s3_key and public_url are then null
    feedback: FeedbackSummaryOut
    kind: Annotated[str, _doc(enum=[k.value for k in g.DesignKind])]
    parent_id: UUID | None  # the design an upscale or an inscription was made from


class GenerationEnvelope(msgspec.Struct):
    generation: GenerationOut


class GenerationCreatedOut(msgspec.Struct):
    generation: GenerationOut  # the first variant, for single-image clients
    generations: list[GenerationOut]  # every variant, in seed order


class GenerationPage(msgspec.Struct):
    items: list[GenerationOut]
    total: int


class GenerationEventOut(msgspec.Struct):
    """One Server-Sent Event payload."""

    status: str
    progress: float
    queue_position: int
    public_url: str | None = None
    error: str | None = None
    # data:image/jpeg;base64,... (at most 160 px a side) of the image forming, while processing
    preview: str | None = None


# --- domain -> wire ---------------------------------------------------------------------------


def generation_out(view: GenerationView) -> GenerationOut:
    r, p = view.request, view.request.params
    return GenerationOut(
        id=r.id,
        user_id=r.user_id,
        attempts=r.attempts,
        prompt_ru=p.prompt_ru,
        prompt_en=r.prompt_en,
        negative_prompt=r.negative_prompt,
        negative_prompt_ru=p.negative_prompt_ru,
        style=p.style,
        width=p.width,
        height=p.height,
        steps=p.steps,
        guidance=p.guidance,
        seed=p.seed,
        quality=p.quality.value,
        status=r.status.value,
        progress=r.progress,
        queue_position=view.queue_position,
        # a deleted design's image is gone: its key and address are never handed out again
        s3_key=None if r.deleted else r.s3_key,
        public_url=None if r.deleted else r.public_url,
        credits_reserved=r.credits_reserved,
        credits_spent=r.credits_spent,
        error=r.error,
        created_at=utc(r.created_at),  # type: ignore[arg-type]
        started_at=utc(r.started_at),
        finished_at=utc(r.finished_at),
        group_id=r.group_id,
        variant_index=r.variant_index,
        init_image=_init_image_out(r),
        strength=p.strength,
        mask_upload_id=r.mask_upload_id,
        favorite=r.favorite,
        deleted=r.deleted,
        feedback=feedback_summary_out(view.feedback),
        kind=r.kind.value,
        parent_id=r.parent_id,
    )


def _init_image_out(r: g.PredictionRequest) -> InitImageOut | None:
    if r.init_upload_id is not None:
        return InitImageOut(upload_id=r.init_upload_id)
    if r.init_generation_id is not None:
        return InitImageOut(generation_id=r.init_generation_id)
    return None


def feedback_summary_out(summary: FeedbackSummary) -> FeedbackSummaryOut:
    decision = summary.last_decision.value if summary.last_decision is not None else None
    return FeedbackSummaryOut(summary.count, decision)


def event_out_from_view(view: GenerationView) -> GenerationEventOut:
    r = view.request
    return GenerationEventOut(r.status.value, r.progress, view.queue_position, r.public_url, r.error)
