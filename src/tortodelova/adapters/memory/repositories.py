from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import datetime
from typing import TypeVar
from uuid import UUID

from tortodelova.adapters.memory.store import Tables
from tortodelova.application.ports.queries import GenerationFilter, Page, TransactionFilter
from tortodelova.domain.fair_queue import queue_positions
from tortodelova.domain.generation import PredictionRequest, Status
from tortodelova.domain.tokens import RefreshToken
from tortodelova.domain.transactions import Transaction, TxKind
from tortodelova.domain.uploads import Upload
from tortodelova.domain.users import Email, User

T = TypeVar("T")


def _email_matches(t: Tables, user_id: UUID, email: str | None) -> bool:
    """Whether the user's e-mail contains `email`, ignoring case (no filter: always)."""
    return not email or email.lower() in t.users[user_id].email.value.lower()


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
            if (
                tx.payment_id
                and tx.kind is TxKind.TOP_UP
                and (other.payment_id, other.kind)
                == (
                    tx.payment_id,
                    tx.kind,
                )
            ):
                raise ValueError("unique top-up per payment")
            if tx.idempotency_key and (other.user_id, other.idempotency_key) == (
                tx.user_id,
                tx.idempotency_key,
            ):
                raise ValueError("unique idempotency key")
        self.t.transactions.append(tx)

    async def get_by_idempotency_key(self, user_id: UUID, key: str) -> Transaction | None:
        return next(
            (x for x in self.t.transactions if x.user_id == user_id and x.idempotency_key == key), None
        )

    async def list(self, flt: TransactionFilter, page: Page) -> tuple[list[Transaction], int]:
        items = [
            x
            for x in reversed(self.t.transactions)
            if (flt.user_id is None or x.user_id == flt.user_id)
            and _email_matches(self.t, x.user_id, flt.email)
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
        if request.idempotency_key and await self.get_by_idempotency_key(
            request.user_id, request.idempotency_key
        ):
            raise ValueError("unique idempotency key")
        self.t.generations[request.id] = request.copy()

    async def get(self, request_id: UUID, *, for_update: bool = False) -> PredictionRequest | None:
        r = self.t.generations.get(request_id)
        return r.copy() if r else None

    async def get_by_idempotency_key(self, user_id: UUID, key: str) -> PredictionRequest | None:
        return next(
            (
                r.copy()
                for r in self.t.generations.values()
                if r.user_id == user_id and r.idempotency_key == key
            ),
            None,
        )

    async def get_many(self, request_ids: Collection[UUID]) -> list[PredictionRequest]:
        return [self.t.generations[i].copy() for i in set(request_ids) if i in self.t.generations]

    async def save(self, request: PredictionRequest) -> None:
        self.t.generations[request.id] = request.copy()

    async def in_group(self, group_id: UUID) -> list[PredictionRequest]:
        group = [r.copy() for r in self.t.generations.values() if r.group_id == group_id]
        return sorted(group, key=lambda r: r.variant_index)

    async def list(self, flt: GenerationFilter, page: Page) -> tuple[list[PredictionRequest], int]:
        items = [
            r.copy()
            for r in self.t.generations.values()
            if (flt.user_id is None or r.user_id == flt.user_id)
            and _email_matches(self.t, r.user_id, flt.email)
            and (flt.favorite is None or r.favorite is flt.favorite)
            and (flt.kind is None or r.kind is flt.kind)
            and (flt.include_deleted or r.deleted_at is None)
            and (flt.status is None or r.status is flt.status)
            and (flt.style is None or r.params.style == flt.style)
            and (flt.date_from is None or r.created_at >= flt.date_from)
            and (flt.date_to is None or r.created_at <= flt.date_to)
            and (flt.credits_min is None or r.credits_spent >= flt.credits_min)
            and (flt.credits_max is None or r.credits_spent <= flt.credits_max)
        ]
        items.sort(key=lambda r: r.created_at, reverse=True)
        return _page(items, page)

    async def queue_snapshot(self, ids: Collection[UUID] | None = None) -> dict[UUID, int]:
        positions = queue_positions(self.t.generations.values())
        return positions if ids is None else {i: positions[i] for i in ids if i in positions}

    async def count_active(self, user_id: UUID) -> int:
        return sum(
            1 for r in self.t.generations.values() if r.user_id == user_id and r.status.holds_reservation
        )

    async def stale_pending(self, created_before: datetime, limit: int) -> Sequence[PredictionRequest]:
        stale = [
            r
            for r in self.t.generations.values()
            if r.status is Status.PENDING and r.created_at < created_before
        ]
        stale.sort(key=lambda r: (r.created_at, str(r.id)))
        return [r.copy() for r in stale[:limit]]


class MemoryUploads:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def add(self, upload: Upload) -> None:
        if upload.id in self.t.uploads:
            raise ValueError("duplicate upload id")
        self.t.uploads[upload.id] = upload  # frozen: no copy needed

    async def get(self, upload_id: UUID) -> Upload | None:
        return self.t.uploads.get(upload_id)


class MemoryRefreshTokens:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def add(self, token: RefreshToken) -> None:
        self.t.refresh_tokens[token.id] = token

    async def get_by_hash(self, token_hash: str, *, for_update: bool = False) -> RefreshToken | None:
        return next((x for x in self.t.refresh_tokens.values() if x.token_hash == token_hash), None)

    async def get(self, token_id: UUID) -> RefreshToken | None:
        return self.t.refresh_tokens.get(token_id)

    async def family_is_live(self, family_id: UUID, now: datetime) -> bool:
        return any(
            x.family_id == family_id and x.revoked_at is None and x.expires_at > now
            for x in self.t.refresh_tokens.values()
        )

    async def save(self, token: RefreshToken) -> None:
        self.t.refresh_tokens[token.id] = token

    async def revoke_family(self, family_id: UUID, now: datetime) -> None:
        for k, x in list(self.t.refresh_tokens.items()):
            if x.family_id == family_id and x.revoked_at is None:
                self.t.refresh_tokens[k] = replace(x, revoked_at=now)

    async def revoke_user(self, user_id: UUID, now: datetime) -> None:
        for k, x in list(self.t.refresh_tokens.items()):
            if x.user_id == user_id and x.revoked_at is None:
                self.t.refresh_tokens[k] = replace(x, revoked_at=now)

    async def delete_stale(self, before: datetime) -> int:
        stale = [
            k
            for k, x in self.t.refresh_tokens.items()
            if x.expires_at < before or (x.revoked_at is not None and x.revoked_at < before)
        ]
        for k in stale:
            del self.t.refresh_tokens[k]
        return len(stale)
