from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import TypeVar
from uuid import UUID

from tortodelova.adapters.memory.store import Tables
from tortodelova.application.ports import (
    DURATION_BUCKETS_S,
    GenerationFilter,
    HourBucket,
    Page,
    RefreshToken,
    Stats,
    TransactionFilter,
)
from tortodelova.domain.generation import PredictionRequest, Status
from tortodelova.domain.transactions import Transaction, TxType
from tortodelova.domain.users import Email, User

T = TypeVar("T")


def _page(items: list[T], page: Page) -> tuple[list[T], int]:
    return items[page.offset : page.offset + page.limit], len(items)


class MemoryUsers:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def add(self, user: User) -> None:
        if any(u.email == user.email for u in self.t.users.values()):
            raise ValueError("duplicate email")
        self.t.users[user.id] = user.copy()

    async def get(self, user_id: UUID, *, for_update: bool = False) -> User | None:
        u = self.t.users.get(user_id)
        return u.copy() if u else None

    async def get_by_email(self, email: Email) -> User | None:
        return next((u.copy() for u in self.t.users.values() if u.email == email), None)

    async def save(self, user: User) -> None:
        assert 0 <= user.reserved_credits <= user.balance_credits, "CHECK constraint"
        self.t.users[user.id] = user.copy()

    async def list(self, query: str | None, page: Page) -> tuple[list[User], int]:
        users = sorted(self.t.users.values(), key=lambda u: u.created_at, reverse=True)
        if query:
            users = [u for u in users if query in u.email.value]
        return _page([u.copy() for u in users], page)


class MemoryTransactions:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def add(self, tx: Transaction) -> None:
        for other in self.t.transactions:
            if tx.prediction_request_id and other.prediction_request_id == tx.prediction_request_id:
                raise ValueError("unique prediction_request_id")
            if tx.idempotency_key and (other.user_id, other.idempotency_key) == (tx.user_id, tx.idempotency_key):
                raise ValueError("unique idempotency key")
        self.t.transactions.append(tx)

    async def get_by_idempotency_key(self, user_id: UUID, key: str) -> Transaction | None:
        return next((x for x in self.t.transactions if x.user_id == user_id and x.idempotency_key == key), None)

    async def list(self, flt: TransactionFilter, page: Page) -> tuple[list[Transaction], int]:
        items = [
            x
            for x in reversed(self.t.transactions)
            if (flt.user_id is None or x.user_id == flt.user_id)
            and (flt.type is None or x.type is flt.type)
            and (flt.kind is None or x.kind is flt.kind)
            and (flt.date_from is None or x.created_at >= flt.date_from)
            and (flt.date_to is None or x.created_at <= flt.date_to)
        ]
        items.sort(key=lambda x: x.created_at, reverse=True)
        return _page(items, page)


class MemoryGenerations:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def add(self, request: PredictionRequest) -> None:
        if request.idempotency_key and await self.get_by_idempotency_key(request.user_id, request.idempotency_key):
            raise ValueError("unique idempotency key")
        self.t.generations[request.id] = request.copy()

    async def get(self, request_id: UUID, *, for_update: bool = False) -> PredictionRequest | None:
        r = self.t.generations.get(request_id)
        return r.copy() if r else None

    async def get_by_idempotency_key(self, user_id: UUID, key: str) -> PredictionRequest | None:
        return next(
            (r.copy() for r in self.t.generations.values() if r.user_id == user_id and r.idempotency_key == key), None
        )

    async def save(self, request: PredictionRequest) -> None:
        self.t.generations[request.id] = request.copy()

    async def list(self, flt: GenerationFilter, page: Page) -> tuple[list[PredictionRequest], int]:
        items = [
            r.copy()
            for r in self.t.generations.values()
            if (flt.user_id is None or r.user_id == flt.user_id)
            and (flt.status is None or r.status is flt.status)
            and (flt.style is None or r.params.style == flt.style)
            and (flt.date_from is None or r.created_at >= flt.date_from)
            and (flt.date_to is None or r.created_at <= flt.date_to)
            and (flt.credits_min is None or r.credits_spent >= flt.credits_min)
            and (flt.credits_max is None or r.credits_spent <= flt.credits_max)
        ]
        items.sort(key=lambda r: r.created_at, reverse=True)
        return _page(items, page)

    async def queue_position(self, request: PredictionRequest) -> int:
        if request.status is not Status.PENDING:
            return 0
        return sum(
            1
            for r in self.t.generations.values()
            if r.status is Status.PENDING and (r.created_at, str(r.id)) < (request.created_at, str(request.id))
        )

    async def stats(self, now: datetime) -> Stats:
        gens = list(self.t.generations.values())
        by_status = {s.value: sum(1 for r in gens if r.status is s) for s in Status}
        start = now.replace(minute=0, second=0, microsecond=0) - timedelta(hours=23)
        buckets = []
        for h in range(24):
            hour = start + timedelta(hours=h)
            done = [r for r in gens if r.finished_at and hour <= r.finished_at < hour + timedelta(hours=1)]
            buckets.append(HourBucket(hour, len(done), sum(1 for r in done if r.status is Status.FAILED)))
        durations = sorted(
            (r.finished_at - r.started_at).total_seconds()
            for r in gens
            if r.status is Status.SUCCESS and r.finished_at and r.started_at
        )
        p95 = durations[min(len(durations) - 1, int(0.95 * len(durations)))] if durations else None
        buckets_s = {b: sum(1 for d in durations if d <= b) for b in DURATION_BUCKETS_S}
        spent = sum(x.amount for x in self.t.transactions if x.type is TxType.DEBIT and x.prediction_request_id)
        return Stats(
            users_total=len(self.t.users),
            generations_total=len(gens),
            by_status=by_status,
            queue_depth=by_status["pending"],
            processing=by_status["processing"],
            generations_per_hour=buckets,
            avg_duration_s=sum(durations) / len(durations) if durations else None,
            p95_duration_s=p95,
            credits_spent_total=spent,
            workers=sorted(self.t.workers.values(), key=lambda w: w.id),
            duration_buckets=buckets_s,
            duration_sum_s=sum(durations),
            duration_count=len(durations),
        )


class MemoryRefreshTokens:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def add(self, token: RefreshToken) -> None:
        self.t.refresh_tokens[token.id] = token

    async def get_by_hash(self, token_hash: str, *, for_update: bool = False) -> RefreshToken | None:
        return next((x for x in self.t.refresh_tokens.values() if x.token_hash == token_hash), None)

    async def save(self, token: RefreshToken) -> None:
        self.t.refresh_tokens[token.id] = token

    async def revoke_family(self, family_id: UUID, now: datetime) -> None:
        for k, x in list(self.t.refresh_tokens.items()):
            if x.family_id == family_id and x.revoked_at is None:
                self.t.refresh_tokens[k] = replace(x, revoked_at=now)

    async def delete_stale(self, before: datetime) -> int:
        stale = [
            k for k, x in self.t.refresh_tokens.items()
            if x.expires_at < before or (x.revoked_at is not None and x.revoked_at < before)
        ]
        for k in stale:
            del self.t.refresh_tokens[k]
        return len(stale)
