"""Share links for agreeing a design with the client, and the client's feedback on them.

A link is a random token (unguessable: it is the only credential the client has) that shows one
design, or the variants submitted together, until it expires or its owner revokes it; the baker's
working description shows only when she chose so. The client answers with a decision, a comment
(required when asking for changes: the baker must learn what to change) and optionally a name.
"""

from __future__ import annotations

import enum
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from uuid import UUID

from tortodelova.domain import text
from tortodelova.domain.errors import InvalidTransition, NotFound, ValidationFailed

TOKEN_BYTES = 24  # 192 random bits, 32 URL-safe base64 characters
NOTE_MAX = 500
COMMENT_MAX = 1000
NAME_MAX = 80
EXPIRES_MIN_DAYS, EXPIRES_MAX_DAYS, EXPIRES_DEFAULT_DAYS = 1, 90, 14
CHANGES_NEED_COMMENT = "напишите, что поменять: без этого кондитер не узнает, что исправить"


def new_token() -> str:
    """A fresh link token from the operating system's CSPRNG."""
    return secrets.token_urlsafe(TOKEN_BYTES)


class Decision(enum.StrEnum):
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"


def _optional_text(
    field: str, value: str | None, limit: int, *, multiline: bool, errors: dict[str, str]
) -> str | None:
    """Checked text trimmed of surrounding whitespace; None for nothing but whitespace, and None with
    the reason recorded in `errors` for text that is refused."""
    if value is None:
        return None
    try:
        checked = text.clean(field, value, multiline=multiline, forbid_format=not multiline).strip()
    except ValidationFailed as exc:
        errors.update(exc.errors)
        return None
    if len(checked) > limit:
        errors[field] = f"не более {limit} символов"
        return None
    return checked or None


optional_text = _optional_text  # the same rule for the order card's text (domain/quotes.py, bakery.py)


@dataclass(frozen=True, slots=True)
class Share:
    """A link to `generation_ids` (the shared design first, then its other variants).
    `show_description`: the client sees the designs' descriptions too, not only the note."""

    token: str
    user_id: UUID
    generation_ids: tuple[UUID, ...]
    note: str | None
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
    show_description: bool = False

    @classmethod
    def create(
        cls,
        *,
        token: str,
        user_id: UUID,
        generation_ids: tuple[UUID, ...],
        note: str | None,
        expires_in_days: int | None,
        now: datetime,
        show_description: bool = False,
    ) -> Share:
        days = EXPIRES_DEFAULT_DAYS if expires_in_days is None else expires_in_days
        errors: dict[str, str] = {}
        if not EXPIRES_MIN_DAYS <= days <= EXPIRES_MAX_DAYS:
            errors["expires_in_days"] = (
                f"срок действия ссылки от {EXPIRES_MIN_DAYS} до {EXPIRES_MAX_DAYS} дней"
            )
        clean_note = _optional_text("note", note, NOTE_MAX, multiline=True, errors=errors)
        if errors:
            raise ValidationFailed(errors)
        return cls(
            token,
            user_id,
            generation_ids,
            clean_note,
            now,
            now + timedelta(days=days),
            show_description=show_description,
        )

    @property
    def generation_id(self) -> UUID:
        """The design the link was made from."""
        return self.generation_ids[0]

    def is_live(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at

    def revoke(self, now: datetime) -> Share:
        return self if self.revoked_at is not None else replace(self, revoked_at=now)


@dataclass(frozen=True, slots=True)
class Feedback:
    id: UUID
    share_token: str
    generation_id: UUID
    decision: Decision
    comment: str | None
    name: str | None
    created_at: datetime
    # On a link with an order (domain/quotes.py): the version answered, the client's phone (+7) and
    # when they consented to its processing.
    quote_version: int | None = None
    phone: str | None = None
    consent_at: datetime | None = None

    @classmethod
    def create(
        cls,
        *,
        id: UUID,  # noqa: A002 - the entity's field name
        share: Share,
        designs: tuple[UUID, ...],
        decision: str,
        comment: str | None,
        name: str | None,
        generation_id: UUID | None,
        now: datetime,
    ) -> Feedback:
        """`designs`: the link's designs still on show; the client picks one when there are several
        (422 without a choice, 404 for a design that is not on the link)."""
        errors: dict[str, str] = {}
        try:
            chosen = Decision(decision)
        except ValueError:
            errors["decision"] = "решение: approved (согласовать) или changes_requested (нужны правки)"
        clean_comment = _optional_text("comment", comment, COMMENT_MAX, multiline=True, errors=errors)
        clean_name = _optional_text("name", name, NAME_MAX, multiline=False, errors=errors)
        if decision == Decision.CHANGES_REQUESTED and clean_comment is None and "comment" not in errors:
            errors["comment"] = CHANGES_NEED_COMMENT
        if generation_id is None and len(designs) > 1:
            errors["generation_id"] = "выберите один из вариантов дизайна"
        if errors:
            raise ValidationFailed(errors)
        if generation_id is not None and generation_id not in designs:
            # Like any id the caller cannot see: not on the link (or deleted since).
            raise NotFound("Этого варианта дизайна нет в ссылке")
        return cls(
            id=id,
            share_token=share.token,
            generation_id=generation_id or designs[0],
            decision=chosen,
            comment=clean_comment,
            name=clean_name,
            created_at=now,
        )

    def repeats(self, other: Feedback) -> bool:
        """The same answer again (a reload, a second tap): same link, design, decision and words, and
        the same order version and phone on a link with an order."""
        return (
            self.share_token,
            self.generation_id,
            self.decision,
            self.comment,
            self.name,
            self.quote_version,
            self.phone,
        ) == (
            other.share_token,
            other.generation_id,
            other.decision,
            other.comment,
            other.name,
            other.quote_version,
            other.phone,
        )


@dataclass(frozen=True, slots=True)
class FeedbackSummary:
    """What the gallery badge shows: how many answers, and the latest decision."""

    count: int = 0
    last_decision: Decision | None = None

    @classmethod
    def of(cls, items: list[Feedback]) -> FeedbackSummary:
        if not items:
            return cls()
        return cls(len(items), max(items, key=lambda f: (f.created_at, str(f.id))).decision)


class NotShareable(InvalidTransition):
    """Поделиться можно только готовым дизайном."""

    code = "not_shareable"
