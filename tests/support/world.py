"""A whole application over any UnitOfWork: the use-case contract suite runs on it twice
(memory and PostgreSQL). Each accessor builds a fresh use case with a fresh unit of work, the way
the HTTP layer does per request, so concurrent calls never share a session."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from uuid import UUID

from tests.support.clock import CountingSeeds, FakeClock
from tests.support.fake_ml import DictionaryTranslator, SolidColorGenerator, StylePromptJoiner
from tests.support.hashing import PlainHasher
from tortodelova.adapters.memory.events import MemoryEvents
from tortodelova.adapters.memory.object_store import MemoryObjectStore
from tortodelova.adapters.security.tokens import JwtTokenService
from tortodelova.adapters.system import UuidGenerator
from tortodelova.application.generation_input import GenerationInput
from tortodelova.application.ports.ml import ImageGenerator
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.queue import JobQueue
from tortodelova.application.ports.stats import StatsReader
from tortodelova.application.use_cases.adjust_balance import AdjustBalance
from tortodelova.application.use_cases.authenticate import Authenticate
from tortodelova.application.use_cases.ensure_admin import EnsureAdmin
from tortodelova.application.use_cases.get_generation import GetGeneration
from tortodelova.application.use_cases.get_profile import GetProfile
from tortodelova.application.use_cases.get_stats import GetStats
from tortodelova.application.use_cases.list_generations import ListGenerations
from tortodelova.application.use_cases.list_transactions import ListTransactions
from tortodelova.application.use_cases.list_users import ListUsers
from tortodelova.application.use_cases.logout import Logout
from tortodelova.application.use_cases.process_generation import ProcessGeneration
from tortodelova.application.use_cases.refresh_session import RefreshSession
from tortodelova.application.use_cases.register_user import RegisterUser
from tortodelova.application.use_cases.submit_generation import SubmitGeneration
from tortodelova.application.use_cases.top_up import TopUp

WELCOME_BONUS = 30
SECRET = "unit-test-secret-unit-test-secret-0123456789"


@dataclass
class World:
    new_uow: Callable[[], UnitOfWork]
    queue: JobQueue
    clock: FakeClock
    events: MemoryEvents = field(default_factory=MemoryEvents)
    store: MemoryObjectStore = field(default_factory=MemoryObjectStore)
    generator: ImageGenerator = field(default_factory=SolidColorGenerator)
    translator: DictionaryTranslator = field(default_factory=DictionaryTranslator)
    ids: UuidGenerator = field(default_factory=UuidGenerator)
    seeds: CountingSeeds = field(default_factory=CountingSeeds)
    hasher: PlainHasher = field(default_factory=PlainHasher)
    max_attempts: int = 3
    stats_reader: StatsReader | None = None  # statistics are read in SQL only: PostgreSQL worlds

    def __post_init__(self) -> None:
        self.tokens = JwtTokenService(SECRET, self.clock, issuer="tortodelova", audience="tortodelova-api")

    # --- use cases -----------------------------------------------------------------------------
    def register(self) -> RegisterUser:
        return RegisterUser(self.new_uow(), self.hasher, self.ids, self.clock, WELCOME_BONUS)

    def login(self) -> Authenticate:
        return Authenticate(self.new_uow(), self.hasher, self.tokens, self.ids, self.clock)

    def refresh(self) -> RefreshSession:
        return RefreshSession(self.new_uow(), self.tokens, self.ids, self.clock)

    def logout(self) -> Logout:
        return Logout(self.new_uow(), self.tokens, self.clock)

    def profile(self) -> GetProfile:
        return GetProfile(self.new_uow())

    def top_up(self) -> TopUp:
        return TopUp(self.new_uow(), self.ids, self.clock)

    def submit(self) -> SubmitGeneration:
        return SubmitGeneration(self.new_uow(), self.ids, self.clock, self.seeds, self.events, "fake/solid-color")

    def process(self) -> ProcessGeneration:
        return ProcessGeneration(
            self.new_uow(), self.translator, StylePromptJoiner(), self.generator, self.store, self.events,
            self.ids, self.clock, self.max_attempts,
        )

    def get_generation(self) -> GetGeneration:
        return GetGeneration(self.new_uow())

    def list_generations(self) -> ListGenerations:
        return ListGenerations(self.new_uow())

    def list_transactions(self) -> ListTransactions:
        return ListTransactions(self.new_uow())

    def list_users(self) -> ListUsers:
        return ListUsers(self.new_uow())

    def adjust(self) -> AdjustBalance:
        return AdjustBalance(self.new_uow(), self.ids, self.clock)

    def stats(self) -> GetStats:
        assert self.stats_reader is not None, "statistics need the PostgreSQL world"
        return GetStats(stats=self.stats_reader, clock=self.clock)

    def ensure_admin(self) -> EnsureAdmin:
        return EnsureAdmin(self.new_uow(), self.hasher, self.ids, self.clock)

    # --- shortcuts -----------------------------------------------------------------------------
    async def new_user(self, email: str = "baker@example.com", top_up: int = 0) -> UUID:
        user = await self.register()(email, "correct horse")
        if top_up:
            await self.top_up()(user.id, top_up)
        return user.id

    async def new_admin(self, email: str = "admin@example.com") -> UUID:
        admin, _ = await self.ensure_admin()(email, "admin-password")
        return admin.id

    async def run_worker_once(self, worker_id: str = "w1", limit: int = 4) -> list:
        batch = await self.queue.claim(worker_id, limit, lease_seconds=60)
        return await self.process()(worker_id, batch)


def idea(**overrides: object) -> GenerationInput:
    values: dict[str, object] = {"prompt_ru": "Нежный торт с ягодами", "style": "kids"}
    values.update(overrides)
    return GenerationInput(**values)  # type: ignore[arg-type]
