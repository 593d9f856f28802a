"""Wire format of share links, the client's page and feedback (issue 13), and the mapping to it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from tortodelova.application.use_cases.shares.share_views import PublicShare, ShareView
from tortodelova.domain import contacts, text
from tortodelova.domain import shares as sh
from tortodelova.domain.generation import PredictionRequest
from tortodelova.domain.shares import Decision, Feedback
from tortodelova.entrypoints.http.schemas.common import _doc, utc
from tortodelova.entrypoints.http.schemas.generations import feedback_summary_out
from tortodelova.entrypoints.http.schemas.orders import (
    BakeryContactOut,
    OrderQuoteIn,
    OrderQuoteOut,
    bakery_contact_out,
    quote_out,
)

_DECISIONS = [d.value for d in Decision]

# --- requests ---------------------------------------------------------------------------------


class ShareIn(msgspec.Struct):
    note: Annotated[str | None, _doc(max_length=sh.NOTE_MAX, pattern=text.MULTI_LINE_PATTERN)] = None
    expires_in_days: Annotated[int, _doc(minimum=sh.EXPIRES_MIN_DAYS, maximum=sh.EXPIRES_MAX_DAYS)] = (
        sh.EXPIRES_DEFAULT_DAYS
    )
    quote: OrderQuoteIn | None = None  # an order card for the client to approve with the design
    # The client sees the designs' descriptions too; by default only the note.
    show_description: bool = False


class FeedbackIn(msgspec.Struct):
    decision: Annotated[str, _doc(enum=_DECISIONS)]
    comment: Annotated[str | None, _doc(max_length=sh.COMMENT_MAX, pattern=text.MULTI_LINE_PATTERN)] = None
    name: Annotated[str | None, _doc(max_length=sh.NAME_MAX, pattern=text.SINGLE_LINE_PATTERN)] = None
    generation_id: UUID | None = None  # which variant; required when the link shows several
    # On a link with an order: approving needs the version shown (and a name); a phone needs consent.
    quote_version: int | None = None
    phone: Annotated[
        str | None, _doc(max_length=contacts.PHONE_INPUT_MAX, pattern=contacts.PHONE_PATTERN)
    ] = None
    consent: bool | None = None  # to the processing of the personal data given (required with a phone)


# --- responses --------------------------------------------------------------------------------


class ShareOut(msgspec.Struct):
    token: str
    url: str
    generation_id: UUID
    note: str | None
    created_at: datetime
    expires_at: datetime
    revoked: bool
    show_description: bool
    feedback_count: int
    last_decision: Annotated[str | None, _doc(enum=[*_DECISIONS, None])]
    quote: OrderQuoteOut | None = None  # the link's current order


class ShareCreatedOut(msgspec.Struct):
    share: ShareOut


class SharePage(msgspec.Struct):
    items: list[ShareOut]
    total: int


class FeedbackOut(msgspec.Struct):
    id: UUID
    generation_id: UUID
    decision: Annotated[str, _doc(enum=_DECISIONS)]
    comment: str | None
    name: str | None
    created_at: datetime
    quote_version: int | None = None  # the version of the order answered


class FeedbackCreatedOut(msgspec.Struct):
    feedback: FeedbackOut


class FeedbackPage(msgspec.Struct):
    items: list[FeedbackOut]


class PublicDesignOut(msgspec.Struct):
    id: UUID
    image_url: str
    width: int
    height: int
    prompt_ru: str | None  # null unless the baker chose to show the description
    style: str


class PublicShareOut(msgspec.Struct):
    token: str
    note: str | None
    expires_at: datetime
    designs: list[PublicDesignOut]
    feedback: list[FeedbackOut]
    quote: OrderQuoteOut | None = None  # the order to approve with the design
    bakery: BakeryContactOut | None = None  # who makes it (with an order only)


class SharePageOut(msgspec.Struct):
    share: PublicShareOut


class FeedbackEventOut(msgspec.Struct):
    """One event of the owner's `GET /api/events` stream: a client answered on a link."""

    type: Annotated[str, _doc(enum=["feedback"])]
    generation_id: UUID
    feedback: FeedbackOut


# --- domain -> wire ---------------------------------------------------------------------------


def share_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/s/{token}"


def share_out(view: ShareView, base_url: str) -> ShareOut:
    s, summary = view.share, feedback_summary_out(view.feedback)
    return ShareOut(
        token=s.token,
        url=share_url(base_url, s.token),
        generation_id=s.generation_id,
        note=s.note,
        created_at=utc(s.created_at),  # type: ignore[arg-type]
        expires_at=utc(s.expires_at),  # type: ignore[arg-type]
        revoked=s.revoked_at is not None,
        show_description=s.show_description,
        feedback_count=summary.count,
        last_decision=summary.last_decision,
        quote=quote_out(view.quote) if view.quote is not None else None,
    )


def feedback_out(f: Feedback) -> FeedbackOut:
    return FeedbackOut(
        id=f.id,
        generation_id=f.generation_id,
        decision=f.decision.value,
        comment=f.comment,
        name=f.name,
        created_at=utc(f.created_at),  # type: ignore[arg-type]
        quote_version=f.quote_version,
    )


def design_out(r: PredictionRequest, *, show_description: bool) -> PublicDesignOut:
    return PublicDesignOut(
        id=r.id,
        image_url=r.public_url or "",
        width=r.params.width,
        height=r.params.height,
        prompt_ru=r.params.prompt_ru if show_description else None,
        style=r.params.style,
    )


def public_share_out(page: PublicShare) -> PublicShareOut:
    return PublicShareOut(
        token=page.share.token,
        note=page.share.note,
        expires_at=utc(page.share.expires_at),  # type: ignore[arg-type]
        designs=[design_out(d, show_description=page.share.show_description) for d in page.designs],
        feedback=[feedback_out(f) for f in page.feedback],
        quote=quote_out(page.quote) if page.quote is not None else None,
        bakery=bakery_contact_out(page.bakery) if page.bakery is not None else None,
    )
