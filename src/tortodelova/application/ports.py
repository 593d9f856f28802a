"""Ports: what the use cases need from the outside world, as typing.Protocol.

Adapters implement them: adapters/memory (tests, demos), adapters/db (PostgreSQL),
adapters/storage (S3), adapters/ml (transformers/diffusers), adapters/security.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self
from uuid import UUID

from tortodelova.domain.generation import PredictionRequest, Status
from tortodelova.domain.transactions import Transaction, TxKind, TxType
from tortodelova.domain.users import Email, User

# --- query filters ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Page:
    limit: int = 20
    offset: int = 0


@dataclass(frozen=True, slots=True)
class TransactionFilter:
    user_id: UUID | None = None
    type: TxType | None = None
    kind: TxKind | None = None
    date_from: datetime | None = None
    date_to: datetime | None = None


@dataclass(frozen=True, slots=True)
class GenerationFilter:
    user_id: UUID | None = None
    status: Status | None = None
    style: str | None = None
    date_from: datetime | None = None
    date_to: datetime | None = None
    credits_min: int | None = None
    credits_max: int | None = None


@dataclass(frozen=True, slots=True)
class RefreshToken:
    id: UUID
    user_id: UUID
    family_id: UUID
    token_hash: str
    expires_at: datetime
    created_at: datetime
    revoked_at: datetime | None = None
    replaced_by: UUID | None = None


@dataclass(frozen=True, slots=True)
class HourBucket:
    hour: datetime
    count: int
    failed: int


@dataclass(frozen=True, slots=True)
class WorkerSeen:
    id: str
    last_seen: datetime
    jobs_done: int


@dataclass(frozen=True, slots=True)
class Stats:
    users_total: int
    generations_total: int
    by_status: dict[str, int]
    queue_depth: int
    processing: int
    generations_per_hour: list[HourBucket]
    avg_duration_s: float | None
    p95_duration_s: float | None
    credits_spent_total: int
    workers: list[WorkerSeen] = field(default_factory=list)
    # Durations of successful generations (seconds), for the Prometheus histogram:
    # cumulative count per upper bound, as Prometheus buckets are.
    duration_buckets: dict[float, int] = field(default_factory=dict)
    duration_sum_s: float = 0.0
    duration_count: int = 0


DURATION_BUCKETS_S: tuple[float, ...] = (1, 2, 5, 10, 20, 30, 60, 120, 300, 600)


# --- repositories and unit of work -----------------------------------------------------------


class UserRepository(Protocol):
    async def add(self, user: User) -> None: ...
    async def get(self, user_id: UUID, *, for_update: bool = False) -> User | None: ...
    async def get_by_email(self, email: Email) -> User | None: ...
    async def save(self, user: User) -> None: ...
    async def list(self, query: str | None, page: Page) -> tuple[list[User], int]: ...


class TransactionRepository(Protocol):
    async def add(self, tx: Transaction) -> None: ...
    async def get_by_idempotency_key(self, user_id: UUID, key: str) -> Transaction | None: ...
    async def list(self, flt: TransactionFilter, page: Page) -> tuple[list[Transaction], int]: ...


class GenerationRepository(Protocol):
    async def add(self, request: PredictionRequest) -> None: ...
    async def get(self, request_id: UUID, *, for_update: bool = False) -> PredictionRequest | None: ...
    async def get_by_idempotency_key(self, user_id: UUID, key: str) -> PredictionRequest | None: ...
    async def save(self, request: PredictionRequest) -> None: ...
    async def list(self, flt: GenerationFilter, page: Page) -> tuple[list[PredictionRequest], int]: ...
    async def queue_position(self, request: PredictionRequest) -> int:
        """Pending requests created before this one (0 = next); 0 when not pending."""
        ...
    async def stats(self, now: datetime) -> Stats: ...


class RefreshTokenRepository(Protocol):
    async def add(self, token: RefreshToken) -> None: ...
    async def get_by_hash(self, token_hash: str, *, for_update: bool = False) -> RefreshToken | None: ...
    async def save(self, token: RefreshToken) -> None: ...
    async def revoke_family(self, family_id: UUID, now: datetime) -> None: ...
    async def delete_stale(self, before: datetime) -> int:
        """Delete tokens that expired or were revoked before `before`; returns how many."""
        ...


class UnitOfWork(Protocol):
    """`async with uow:` opens a transaction; leaving without `commit()` rolls it back."""

    users: UserRepository
    transactions: TransactionRepository
    generations: GenerationRepository
    refresh_tokens: RefreshTokenRepository

    async def __aenter__(self) -> Self: ...
    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...
    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...


# --- queue and events ------------------------------------------------------------------------


class JobQueue(Protocol):
    """Leases pending jobs to workers. Claiming commits on its own (other workers must see it)."""

    async def claim(self, worker_id: str, limit: int, lease_seconds: float) -> list[PredictionRequest]:
        """Up to `limit` pending jobs, or processing ones whose lease expired, oldest first."""
        ...

    async def heartbeat(self, worker_id: str, request_ids: Sequence[UUID], lease_seconds: float) -> list[UUID]:
        """Extend the leases this worker still holds; returns the ids it still holds."""
        ...

    async def release(self, worker_id: str, request_ids: Sequence[UUID], *, attempt_spent: bool = False) -> None:
        """Give unfinished jobs back to the queue. A graceful stop gives the attempt back too;
        `attempt_spent=True` keeps it spent (the worker gave up after an error in its loop)."""
        ...

    async def report_alive(self, worker_id: str, jobs_done: int) -> None:
        """Record that this worker is alive and how many jobs it finished in total (admin stats)."""
        ...

    async def wait_for_work(self, timeout: float) -> None:
        """Sleep until new work is announced or `timeout` passes."""
        ...


@dataclass(frozen=True, slots=True)
class GenerationEvent:
    request_id: UUID
    user_id: UUID
    status: Status
    progress: float
    public_url: str | None = None
    error: str | None = None


class EventStream(Protocol):
    """Events of one request as they are published (any process), for Server-Sent Events."""

    def subscribe(self, request_id: UUID) -> AbstractAsyncContextManager[AsyncIterator[GenerationEvent]]: ...


class EventPublisher(Protocol):
    async def publish(self, event: GenerationEvent) -> None: ...
    async def job_submitted(self) -> None:
        """Wake the workers (NOTIFY in PostgreSQL)."""
        ...


# --- ML --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImageJob:
    """One image to render. Jobs in one `generate` call share width, height and steps."""

    request_id: UUID
    prompt: str
    negative_prompt: str
    width: int
    height: int
    steps: int
    guidance: float
    seed: int


ProgressCallback = Callable[[int, int], None]  # (finished steps, total steps)


class Translator(Protocol):
    """Russian -> English; blocking (the worker calls it in a thread). Latin-only text passes through."""

    def translate(self, texts: Sequence[str]) -> list[str]: ...


class PromptBuilder(Protocol):
    def build(self, prompt_en: str, style: str, negative_en: str | None) -> tuple[str, str]:
        """(final positive prompt, final negative prompt) in English."""
        ...


class ImageGenerator(Protocol):
    """Renders a batch of compatible jobs; blocking. Returns PNG bytes, one per job, in order."""

    model_id: str

    def generate(self, jobs: Sequence[ImageJob], on_progress: ProgressCallback | None = None) -> list[bytes]: ...


class TransientError(Exception):
    """An adapter failure worth retrying (network, storage hiccup, CUDA OOM)."""


# --- storage, security, time -----------------------------------------------------------------


class ObjectStore(Protocol):
    async def put(self, key: str, data: bytes, content_type: str, *, download_name: str | None = None) -> None:
        """`download_name`: opening the public URL saves the object under this name (attachment)."""
        ...
    def public_url(self, key: str) -> str: ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...
    def verify(self, hashed: str, password: str) -> bool: ...
    def needs_rehash(self, hashed: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class AccessClaims:
    user_id: UUID
    role: str


class TokenService(Protocol):
    access_ttl_seconds: int
    refresh_ttl_seconds: int

    def issue_access(self, user: User) -> str: ...
    def decode_access(self, token: str) -> AccessClaims:
        """Raises domain InvalidToken for anything but a valid, unexpired token of ours."""
        ...
    def new_refresh_secret(self) -> str: ...
    def hash_refresh_secret(self, secret: str) -> str: ...


class Clock(Protocol):
    def now(self) -> datetime: ...


class IdGenerator(Protocol):
    def new(self) -> UUID: ...


class SeedSource(Protocol):
    def random_seed(self) -> int: ...
