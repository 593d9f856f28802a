"""Request parameters shared by several controllers: paging, dates, credit bounds, text filters, the
Idempotency-Key header. Each carries its bounds in the OpenAPI schema, and Litestar enforces them
before a handler runs (422 problem details), so nothing out of range reaches the database."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, TypedDict

from litestar.params import HeaderParameter, ParameterKwarg, QueryParameter

from tortodelova.application.paging import PAGE_MAX
from tortodelova.application.ports.queries import Page
from tortodelova.domain import text
from tortodelova.domain.errors import ValidationFailed

IDEMPOTENCY_KEY_MAX = 200

OFFSET_MAX = 1_000_000_000
CREDITS_MAX = 2**63 - 1  # the BIGINT columns' limit
TEXT_FILTER_MAX = 254

Limit = Annotated[int, QueryParameter(ge=1, le=PAGE_MAX, description="Page size")]
Offset = Annotated[int, QueryParameter(ge=0, le=OFFSET_MAX, description="Items to skip")]
# Litestar leaves out a zero minimum of an optional parameter; schema_extra puts it back.
Credits = Annotated[int | None, QueryParameter(ge=0, le=CREDITS_MAX, schema_extra={"minimum": 0})]
# Dates arrive as strings and are parsed here: Litestar's lenient conversion would read "0.5" as a Unix time.
_DATE_DOC = "RFC 3339 date-time with a zone, years 1970-9999, e.g. 2026-01-31T10:00:00Z"
_RFC3339 = r"^(19[7-9]\d|[2-9]\d{3})-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"
_DATE = re.compile(_RFC3339)
DateFrom = Annotated[
    str | None, QueryParameter(format="date-time", pattern=_RFC3339, max_length=64, description=_DATE_DOC)
]
DateTo = DateFrom
IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        required=False,
        description=f"Retry-safe key, up to {IDEMPOTENCY_KEY_MAX} characters",
        # Checked in `idempotency_key`, for an error that names the header.
        schema_extra={"max_length": IDEMPOTENCY_KEY_MAX, "pattern": text.SINGLE_LINE_PATTERN},
    ),
]


def text_filter(description: str, name: str | None = None) -> ParameterKwarg:
    """A free-text query filter: one line, no control characters."""
    return QueryParameter(
        name=name, description=description, max_length=TEXT_FILTER_MAX, pattern=text.SINGLE_LINE_PATTERN
    )


def page(limit: int, offset: int) -> Page:
    return Page(limit=limit, offset=offset)


def query_datetime(field: str, value: str | None) -> datetime | None:
    """The instant, in UTC. A zone may push a year-9999 moment past what Python holds: such a bound
    is the end of time for a filter."""
    if value is None:
        return None
    raw = value.removesuffix("\n").upper()  # Python's `$` lets one final newline through the pattern
    try:
        if not _DATE.match(raw):
            raise ValueError(raw)
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise ValidationFailed(
            {
                field: "некорректная дата: ожидается дата и время с часовым поясом (годы 1970–9999), "
                "например 2026-01-31T10:00:00Z"
            }
        ) from None
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        return datetime.max.replace(tzinfo=UTC)


def idempotency_key(value: str | None) -> str | None:
    key = text.check("Idempotency-Key", value or "").strip()
    if len(key) > IDEMPOTENCY_KEY_MAX:
        raise ValidationFailed({"Idempotency-Key": f"не длиннее {IDEMPOTENCY_KEY_MAX} символов"})
    return key or None


class Period(TypedDict):
    date_from: datetime | None
    date_to: datetime | None


def period(date_from: str | None, date_to: str | None) -> Period:
    """The `date_from` / `date_to` filter arguments, parsed."""
    return {
        "date_from": query_datetime("date_from", date_from),
        "date_to": query_datetime("date_to", date_to),
    }
