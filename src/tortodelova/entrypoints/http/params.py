"""Request parameters shared by several controllers: paging, dates, the Idempotency-Key header."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated

from litestar.params import HeaderParameter, QueryParameter

from tortodelova.application.ports.queries import Page
from tortodelova.application.use_cases.list_transactions import PAGE_MAX
from tortodelova.domain.errors import ValidationFailed

IDEMPOTENCY_KEY_MAX = 200

Limit = Annotated[int, QueryParameter(ge=1, le=PAGE_MAX, description="Page size")]
Offset = Annotated[int, QueryParameter(ge=0, description="Items to skip")]
# Dates arrive as strings and are parsed here: Litestar's lenient conversion would read "0.5" as a Unix time.
_DATE_DOC = "RFC 3339 date-time with a zone, e.g. 2026-01-31T10:00:00Z"
DateFrom = Annotated[str | None, QueryParameter(format="date-time", description=_DATE_DOC)]
DateTo = Annotated[str | None, QueryParameter(format="date-time", description=_DATE_DOC)]
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        required=False,
        description=f"Retry-safe key, up to {IDEMPOTENCY_KEY_MAX} characters",
        schema_extra={"max_length": IDEMPOTENCY_KEY_MAX},
    ),
]


def page(limit: int, offset: int) -> Page:
    return Page(limit=limit, offset=offset)


def query_datetime(field: str, value: str | None) -> datetime | None:
    if value is None:
        return None
    text = value.strip().upper()
    try:
        if not _RFC3339.match(text):
            raise ValueError(text)
        return datetime.fromisoformat(text)
    except ValueError:
        raise ValidationFailed(
            {
                field: "некорректная дата: ожидается дата и время с часовым поясом, "
                "например 2026-01-31T10:00:00Z"
            }
        ) from None


def idempotency_key(value: str | None) -> str | None:
    key = (value or "").strip()
    if len(key) > IDEMPOTENCY_KEY_MAX:
        raise ValidationFailed({"Idempotency-Key": f"не длиннее {IDEMPOTENCY_KEY_MAX} символов"})
    return key or None


def period(date_from: str | None, date_to: str | None) -> dict[str, datetime | None]:
    """The `date_from` / `date_to` filter arguments, parsed."""
    return {
        "date_from": query_datetime("date_from", date_from),
        "date_to": query_datetime("date_to", date_to),
    }
