"""Recognising which constraint a database error is about."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError


def constraint_name(exc: DBAPIError) -> str | None:
    """Name of the violated constraint or unique index, when the driver reports it (asyncpg does)."""
    for err in (exc.orig, getattr(exc.orig, "__cause__", None)):
        name = getattr(err, "constraint_name", None)
        if name:
            return str(name)
    return None
