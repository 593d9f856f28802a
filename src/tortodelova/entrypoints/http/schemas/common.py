"""What every resource's schemas use: OpenAPI-only constraints and UTC timestamps."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec


def _doc(**schema: Any) -> msgspec.Meta:
    """Constraints shown in the OpenAPI schema only (Litestar reads `extra`; msgspec ignores it)."""
    return msgspec.Meta(extra_json_schema={"extra": schema})


def utc(moment: datetime | None) -> datetime | None:
    return moment.astimezone(UTC) if moment is not None else None
