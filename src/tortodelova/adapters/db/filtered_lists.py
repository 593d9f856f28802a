"""List statements built once per filter shape, not once per request.

Which filters a caller sets decides a list's WHERE clause. Building that Select, and SQLAlchemy's
cache key for it, on every request was about half of a list's time in the database layer
(docs/SCALING.md). A list is declared once instead: its base, its order and one condition per filter,
written against a bound parameter named after the filter. Each shape (the set of filters present) is
built on first use and kept, so a request only binds its values. A list of n filters has at most 2ⁿ
shapes; callers use a handful.

The page statement is also compiled once to the SQL asyncpg runs, which the repositories send on the
driver connection itself (repositories.py, `_page`): SQLAlchemy's work around each execution was
another third of a list's query time, and for these columns asyncpg hands back the very values
SQLAlchemy would (tests/integration/db/test_filtered_lists.py compares whole designs).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, Integer, Select, bindparam, func, select
from sqlalchemy.dialects.postgresql.asyncpg import PGDialect_asyncpg

Condition = Callable[[BindParameter[Any]], ColumnElement[bool]]

_ASYNCPG = PGDialect_asyncpg()  # the engine's dialect: the SQL it would send, $n placeholders and casts

TOTAL = "_page_total"
LIMIT = "_page_limit"
OFFSET = "_page_offset"


@dataclass(frozen=True)
class PageStatements:
    # the matches in order, LIMIT and OFFSET bound, each row carrying the total, as asyncpg runs it,
    # and the names of its $1, $2, ... in order
    page_sql: str
    page_params: tuple[str, ...]
    page_literals: dict[str, Any]  # the values the statement carries itself (the 0 of `strpos(...) > 0`)
    count: Select[Any]  # the total alone, for a page past the end (no row to carry it)

    def page_args(self, values: Mapping[str, object]) -> list[object]:
        bound = {**self.page_literals, **values}
        return [bound[name] for name in self.page_params]


class FilteredList:
    def __init__(
        self, base: Select[Any], order: Sequence[ColumnElement[Any]], conditions: Mapping[str, Condition]
    ) -> None:
        self._base = base
        self._order = tuple(order)
        self._conditions = dict(conditions)
        self._shapes: dict[frozenset[str], PageStatements] = {}

    def bind(self, values: Mapping[str, object]) -> tuple[PageStatements, dict[str, object]]:
        """The statements for the filters whose value is not None, and those values to bind."""
        params = {name: value for name, value in values.items() if value is not None}
        shape = frozenset(params)
        statements = self._shapes.get(shape)
        if statements is None:
            statements = self._shapes[shape] = self._build(shape)
        return statements, params

    def _build(self, shape: frozenset[str]) -> PageStatements:
        unknown = shape - self._conditions.keys()
        if unknown:
            raise KeyError(f"no condition for the filters {sorted(unknown)}")
        filtered = self._base.where(*(self._conditions[name](bindparam(name)) for name in sorted(shape)))
        page = (
            filtered.add_columns(func.count().over().label(TOTAL))  # the window runs before LIMIT
            .order_by(*self._order)
            .limit(bindparam(LIMIT, type_=Integer))
            .offset(bindparam(OFFSET, type_=Integer))
        )
        compiled = page.compile(dialect=_ASYNCPG)
        literals = {name: bind.value for name, bind in compiled.binds.items() if not bind.required}
        count = select(func.count()).select_from(filtered.subquery())
        return PageStatements(str(compiled), tuple(compiled.positiontup or ()), literals, count)
