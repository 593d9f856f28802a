"""Reading an enumerated option of a request: the value, or its Russian message under the field."""

from __future__ import annotations

import enum
from typing import TypeVar

E = TypeVar("E", bound=enum.StrEnum)


def choice(kind: type[E], value: str, field: str, message: str, errors: dict[str, str]) -> E | None:
    """`kind(value)`, or None with `errors[field] = message` (validation collects every error first)."""
    try:
        return kind(value)
    except ValueError:
        errors[field] = message
        return None
