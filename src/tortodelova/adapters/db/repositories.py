"""Repositories over one unit of work's session. They speak SQL Core on the mapped tables and hand
out domain objects only; `save()` writes a changed entity back.

`get(..., for_update=True)` is SELECT ... FOR UPDATE: the use cases lock the user row before they
change money, which serialises concurrent operations on one wallet (the CHECK constraints are the
last line of defence behind the lock).

Unique violations the use cases can act on become domain errors. The insert runs inside a
SAVEPOINT, so the surrounding transaction stays usable after the error (the use case may re-read):
- users.add / users.save with a taken e-mail        -> EmailTaken
- transactions.add / generations.add with an Idempotency-Key already stored for this user (a
  concurrent request with the same key won the race)  -> IdempotencyInFlight
Any other integrity error (a second debit for one request, a broken CHECK) is a bug and propagates.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol, TypeVar, cast
from uuid import UUID

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    CursorResult,
    Select,
    and_,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from tortodelova.adapters.db import fair_queue, mapping
from tortodelova.adapters.db.errors import constraint_name
from tortodelova.adapters.db.filtered_lists import LIMIT, OFFSET, TOTAL, Condition, FilteredList
from tortodelova.adapters.db.models import (
    ACTIVE_STATUSES,
    UQ_REQUESTS_IDEMPOTENCY,
    UQ_TRANSACTIONS_IDEMPOTENCY,
    UQ_USERS_EMAIL,
    prediction_requests,
    refresh_tokens,
    transactions,
    uploads,
    users,
)
from tortodelova.application.ports.queries import GenerationFilter, Page, TransactionFilter
from tortodelova.domain.errors import EmailTaken, IdempotencyInFlight, NotFound
from tortodelova.domain.generation import PredictionRequest, Status
from tortodelova.domain.tokens import RefreshToken
from tortodelova.domain.transactions import Transaction
from tortodelova.domain.uploads import Upload
from tortodelova.domain.users import Email, User

# What the statements run on: a session (a unit of work's transaction) or a bare connection (a read).
Executor = AsyncSession | AsyncConnection


class SessionSource(Protocol):
    """What a repository needs from its unit of work (kept structural: no import cycle)."""

    @property
    def session(self) -> Executor: ...


T = TypeVar("T")


async def _driver(executor: Executor) -> Any:
    """The asyncpg connection under a session or connection (a session's transaction included)."""
    connection = await executor.connection() if isinstance(executor, AsyncSession) else executor
    return (await connection.get_raw_connection()).driver_connection


class _Repository:
    def __init__(self, uow: SessionSource) -> None:
        self._uow = uow

    @property
    def _session(self) -> Executor:
        return self._uow.session

    async def _one(
        self, stmt: Select[Any], convert: Callable[[Any], T], params: Mapping[str, object] | None = None
    ) -> T | None:
        row = (await self._session.execute(stmt, params)).mappings().first()
        return convert(row) if row is not None else None

    async def _page(
        self, query: FilteredList, values: Mapping[str, object], page: Page, convert: Callable[[Any], T]
    ) -> tuple[list[T], int]:
        """One page of `query` for the filters in `values` (None: not set), with the total in the same
        round trip; only a page past the end needs a second query to count. The page runs on the
        driver, as SQLAlchemy compiled it once for its shape: SQLAlchemy's work around each execution
        was a third of a list's query time, and asyncpg gives back the same values it would."""
        statements, params = query.bind(values)
        driver = await _driver(self._session)
        args = statements.page_args({**params, LIMIT: page.limit, OFFSET: page.offset})
        rows = await driver.fetch(statements.page_sql, *args)
        if rows:
            total = int(rows[0][TOTAL])
        elif page.offset == 0:
            total = 0
        else:
            total = (await self._session.execute(statements.count, params)).scalar_one()
        return [convert(r) for r in rows], total

    async def _guarded(
        self, run: Callable[[], Awaitable[Any]], errors: dict[str, Callable[[], Exception]]
    ) -> None:
        """Run one statement in a SAVEPOINT; translate the listed unique violations."""
        try:
            async with self._session.begin_nested():
                await run()
        except IntegrityError as exc:
            make = errors.get(constraint_name(exc) or "")
            if make is None:
                raise
            raise make() from exc


def _email_contains(email: BindParameter[Any]) -> ColumnElement[bool]:
    """The user's e-mail contains `email` (bind it lower-cased: e-mails are stored so)."""
    return func.strpos(users.c.email, email) > 0


def _owners_matching(email: BindParameter[Any]) -> Select[Any]:
    """Ids of the users whose e-mail contains `email`."""
    return select(users.c.id).where(_email_contains(email))


def email_part(email: str | None) -> str | None:
    """An e-mail filter's value as bound: lower-cased, as e-mails are stored; empty is no filter."""
    return email.lower() if email else None


def owner_and_period(c: Any) -> dict[str, Condition]:
    """The filters of every list of a user's things: the owner (by id, or by e-mail for the admin) and
    a period of creation."""
    return {
        "user_id": lambda v: c.user_id == v,
        "email": lambda v: c.user_id.in_(_owners_matching(v)),
        "date_from": lambda v: c.created_at >= v,
        "date_to": lambda v: c.created_at <= v,
    }


_USERS = FilteredList(
    select(users),
    [users.c.created_at.desc(), users.c.id.desc()],
    {"email": _email_contains},
)

_t = transactions.c
_TRANSACTIONS = FilteredList(
    select(transactions),
    [_t.created_at.desc(), _t.id.desc()],
    {**owner_and_period(_t), "type": lambda v: _t.type == v, "kind": lambda v: _t.kind == v},
)

_g = prediction_requests.c
_GENERATIONS = FilteredList(
    select(prediction_requests),
    [_g.created_at.desc(), _g.id.desc()],
    {
        **owner_and_period(_g),
        "favorite": lambda v: _g.favorite == v,
        "kind": lambda v: _g.kind == v,
        "live": lambda _: _g.deleted_at.is_(None),  # set unless the caller includes deleted designs
        "status": lambda v: _g.status == v,
        "style": lambda v: _g.style == v,
        "credits_min": lambda v: _g.credits_spent >= v,
        "credits_max": lambda v: _g.credits_spent <= v,
    },
)


# The two reads that authorise every request (GetProfile), built once like the lists' statements.
_USER_BY_ID = select(users).where(users.c.id == bindparam("id"))
_USER_BY_ID_LOCKED = _USER_BY_ID.with_for_update()
_r = refresh_tokens.c
_FAMILY_IS_LIVE = select(  # uses ix_refresh_tokens_family_id
    select(_r.id)
    .where(_r.family_id == bindparam("family_id"), _r.revoked_at.is_(None), _r.expires_at > bindparam("now"))
    .exists()
)


class SqlUserRepository(_Repository):
    async def add(self, user: User) -> None:
        await self._guarded(
            lambda: self._session.execute(insert(users).values(mapping.user_values(user))),
            {UQ_USERS_EMAIL: EmailTaken},
        )

    async def get(self, user_id: UUID, *, for_update: bool = False) -> User | None:
        stmt = _USER_BY_ID_LOCKED if for_update else _USER_BY_ID
        return await self._one(stmt, mapping.user_from_row, {"id": user_id})

    async def get_by_email(self, email: Email) -> User | None:
        return await self._one(
            select(users).where(users.c.email == email.value.lower()), mapping.user_from_row
        )

    async def save(self, user: User) -> None:
        values = mapping.user_values(user)
        del values["id"], values["created_at"]
        try:
            result = cast(
                CursorResult[Any],
                await self._session.execute(update(users).where(users.c.id == user.id).values(values)),
            )
        except IntegrityError as exc:
            if constraint_name(exc) == UQ_USERS_EMAIL:
                raise EmailTaken() from exc
            raise
        if result.rowcount != 1:
            raise NotFound("Пользователь не найден")

    async def list(self, query: str | None, page: Page) -> tuple[list[User], int]:
        return await self._page(_USERS, {"email": email_part(query)}, page, mapping.user_from_row)


class SqlTransactionRepository(_Repository):
    async def add(self, tx: Transaction) -> None:
        stmt = insert(transactions).values(mapping.transaction_values(tx))
        if tx.idempotency_key is None:
            await self._session.execute(stmt)
            return
        await self._guarded(
            lambda: self._session.execute(stmt), {UQ_TRANSACTIONS_IDEMPOTENCY: IdempotencyInFlight}
        )

    async def get_by_idempotency_key(self, user_id: UUID, key: str) -> Transaction | None:
        stmt = select(transactions).where(
            transactions.c.user_id == user_id, transactions.c.idempotency_key == key
        )
        return await self._one(stmt, mapping.transaction_from_row)

    async def list(self, flt: TransactionFilter, page: Page) -> tuple[list[Transaction], int]:
        values = {
            "user_id": flt.user_id,
            "email": email_part(flt.email),
            "type": flt.type.value if flt.type is not None else None,
            "kind": flt.kind.value if flt.kind is not None else None,
            "date_from": flt.date_from,
            "date_to": flt.date_to,
        }
        return await self._page(_TRANSACTIONS, values, page, mapping.transaction_from_row)


class SqlGenerationRepository(_Repository):
    async def add(self, request: PredictionRequest) -> None:
        stmt = insert(prediction_requests).values(mapping.request_values(request))
        if request.idempotency_key is None:
            await self._session.execute(stmt)
            return
        await self._guarded(
            lambda: self._session.execute(stmt), {UQ_REQUESTS_IDEMPOTENCY: IdempotencyInFlight}
        )

    async def get(self, request_id: UUID, *, for_update: bool = False) -> PredictionRequest | None:
        stmt = select(prediction_requests).where(prediction_requests.c.id == request_id)
        return await self._one(stmt.with_for_update() if for_update else stmt, mapping.request_from_row)

    async def get_by_idempotency_key(self, user_id: UUID, key: str) -> PredictionRequest | None:
        p = prediction_requests.c
        stmt = select(prediction_requests).where(p.user_id == user_id, p.idempotency_key == key)
        return await self._one(stmt, mapping.request_from_row)

    async def get_many(self, request_ids: Collection[UUID]) -> list[PredictionRequest]:
        if not request_ids:
            return []
        stmt = select(prediction_requests).where(prediction_requests.c.id.in_(list(request_ids)))
        return [mapping.request_from_row(r) for r in (await self._session.execute(stmt)).mappings()]

    async def save(self, request: PredictionRequest) -> None:
        result = cast(
            CursorResult[Any],
            await self._session.execute(
                update(prediction_requests)
                .where(prediction_requests.c.id == request.id)
                .values(mapping.request_state_values(request))
            ),
        )
        if result.rowcount != 1:
            raise NotFound("Генерация не найдена")

    async def in_group(self, group_id: UUID) -> list[PredictionRequest]:
        p = prediction_requests.c
        stmt = select(prediction_requests).where(p.group_id == group_id).order_by(p.variant_index)
        return [mapping.request_from_row(r) for r in (await self._session.execute(stmt)).mappings()]

    async def list(self, flt: GenerationFilter, page: Page) -> tuple[list[PredictionRequest], int]:
        values = {
            "user_id": flt.user_id,
            "email": email_part(flt.email),
            "favorite": flt.favorite,
            "kind": flt.kind.value if flt.kind is not None else None,
            "live": None if flt.include_deleted else True,
            "status": flt.status.value if flt.status is not None else None,
            "style": flt.style,
            "date_from": flt.date_from,
            "date_to": flt.date_to,
            "credits_min": flt.credits_min,
            "credits_max": flt.credits_max,
        }
        return await self._page(_GENERATIONS, values, page, mapping.request_from_row)

    async def queue_snapshot(self, ids: Collection[UUID] | None = None) -> dict[UUID, int]:
        rows = await self._session.execute(fair_queue.positions(ids))
        return {rid: int(position) for rid, position in rows}

    async def count_active(self, user_id: UUID) -> int:
        p = prediction_requests.c
        stmt = select(func.count()).where(p.user_id == user_id, p.status.in_(ACTIVE_STATUSES))
        return int((await self._session.execute(stmt)).scalar_one())

    async def stale_pending(self, created_before: datetime, limit: int) -> Sequence[PredictionRequest]:
        p = prediction_requests.c
        stmt = (
            select(prediction_requests)
            .where(p.status == Status.PENDING.value, p.created_at < created_before)
            .order_by(p.created_at, p.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        rows = (await self._session.execute(stmt)).mappings()
        return [mapping.request_from_row(r) for r in rows]


class SqlUploadRepository(_Repository):
    async def add(self, upload: Upload) -> None:
        await self._session.execute(insert(uploads).values(mapping.upload_values(upload)))

    async def get(self, upload_id: UUID) -> Upload | None:
        return await self._one(select(uploads).where(uploads.c.id == upload_id), mapping.upload_from_row)


class SqlRefreshTokenRepository(_Repository):
    async def add(self, token: RefreshToken) -> None:
        await self._session.execute(insert(refresh_tokens).values(mapping.refresh_token_values(token)))

    async def get_by_hash(self, token_hash: str, *, for_update: bool = False) -> RefreshToken | None:
        stmt = select(refresh_tokens).where(refresh_tokens.c.token_hash == token_hash)
        return await self._one(stmt.with_for_update() if for_update else stmt, mapping.refresh_token_from_row)

    async def get(self, token_id: UUID) -> RefreshToken | None:
        stmt = select(refresh_tokens).where(refresh_tokens.c.id == token_id)
        return await self._one(stmt, mapping.refresh_token_from_row)

    async def family_is_live(self, family_id: UUID, now: datetime) -> bool:
        return bool(await self._session.scalar(_FAMILY_IS_LIVE, {"family_id": family_id, "now": now}))

    async def save(self, token: RefreshToken) -> None:
        r = refresh_tokens.c
        await self._session.execute(
            update(refresh_tokens)
            .where(r.id == token.id)
            .values(expires_at=token.expires_at, revoked_at=token.revoked_at, replaced_by=token.replaced_by)
        )

    async def revoke_family(self, family_id: UUID, now: datetime) -> None:
        r = refresh_tokens.c
        await self._session.execute(
            update(refresh_tokens)
            .where(and_(r.family_id == family_id, r.revoked_at.is_(None)))
            .values(revoked_at=now)
        )

    async def revoke_user(self, user_id: UUID, now: datetime) -> None:
        r = refresh_tokens.c
        await self._session.execute(
            update(refresh_tokens)
            .where(and_(r.user_id == user_id, r.revoked_at.is_(None)))
            .values(revoked_at=now)
        )

    async def delete_stale(self, before: datetime) -> int:
        r = refresh_tokens.c
        result = cast(
            CursorResult[Any],
            await self._session.execute(
                delete(refresh_tokens).where(or_(r.expires_at < before, r.revoked_at < before))
            ),
        )
        return int(result.rowcount or 0)
