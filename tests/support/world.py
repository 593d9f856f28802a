"""A whole application over any UnitOfWork: the use-case contract suite runs on it twice
(memory and PostgreSQL). The use cases come from the composition root's providers
(tortodelova.entrypoints.ioc); WorldDoubles overrides the infrastructure with this world's objects.
Each accessor opens a fresh container scope, so every use case gets a fresh unit of work, the way
the HTTP layer does per request, and concurrent calls never share a session."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TypeVar
from uuid import UUID

from dishka import Container, Provider, Scope, make_container, provide

from tests.support.clock import CountingSeeds, FakeClock
from tests.support.credits import grant_credits
from tests.support.fake_ml import DictionaryTranslator, SolidColorGenerator, StylePromptJoiner
from tests.support.hashing import PlainHasher
from tortodelova.adapters.memory.events import MemoryEvents
from tortodelova.adapters.memory.object_store import MemoryObjectStore
from tortodelova.adapters.memory.user_events import MemoryUserEvents
from tortodelova.adapters.payments.sandbox import SandboxGateway
from tortodelova.adapters.system import UuidGenerator
from tortodelova.application.ports.events import EventPublisher
from tortodelova.application.ports.ml import ImageGenerator, PromptBuilder, Translator
from tortodelova.application.ports.payments import PaymentGateway
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.queue import JobQueue
from tortodelova.application.ports.security import PasswordHasher, TokenService
from tortodelova.application.ports.stats import StatsReader
from tortodelova.application.ports.storage import ObjectStore
from tortodelova.application.ports.system import Clock, IdGenerator, SeedSource
from tortodelova.application.ports.user_events import UserEventPublisher
from tortodelova.application.use_cases.accounts.authenticate import Authenticate
from tortodelova.application.use_cases.accounts.get_profile import GetProfile
from tortodelova.application.use_cases.accounts.list_transactions import ListTransactions
from tortodelova.application.use_cases.accounts.logout import Logout
from tortodelova.application.use_cases.accounts.refresh_session import RefreshSession
from tortodelova.application.use_cases.accounts.register_user import RegisterUser
from tortodelova.application.use_cases.admin.adjust_balance import AdjustBalance
from tortodelova.application.use_cases.admin.ensure_admin import EnsureAdmin
from tortodelova.application.use_cases.admin.get_stats import GetStats
from tortodelova.application.use_cases.admin.list_users import ListUsers
from tortodelova.application.use_cases.generations.cancel_generation import CancelGeneration
from tortodelova.application.use_cases.generations.delete_generation import DeleteGeneration
from tortodelova.application.use_cases.generations.expire_generations import ExpireStaleGenerations
from tortodelova.application.use_cases.generations.favorite_generation import SetFavorite
from tortodelova.application.use_cases.generations.generation_input import GenerationInput
from tortodelova.application.use_cases.generations.get_generation import GetGeneration
from tortodelova.application.use_cases.generations.list_generations import ListGenerations
from tortodelova.application.use_cases.generations.process_generation import ProcessGeneration
from tortodelova.application.use_cases.generations.quote_generation import QuoteGeneration
from tortodelova.application.use_cases.generations.submit_generation import SubmitGeneration
from tortodelova.application.use_cases.generations.upload_image import UploadImage
from tortodelova.application.use_cases.payments.check_payment import CheckPayment
from tortodelova.application.use_cases.payments.complete_refund import CompleteRefund
from tortodelova.application.use_cases.payments.create_payment import CreatePayment
from tortodelova.application.use_cases.payments.handle_notification import HandleNotification
from tortodelova.application.use_cases.payments.list_payments import ListPayments
from tortodelova.application.use_cases.payments.reconcile_payments import ReconcilePayments
from tortodelova.application.use_cases.payments.refund_payment import RefundPayment
from tortodelova.application.use_cases.payments.settle_payment import SettlePayment
from tortodelova.application.use_cases.shares.create_share import CreateShare
from tortodelova.application.use_cases.shares.submit_feedback import SubmitFeedback
from tortodelova.domain.payments import Payment
from tortodelova.entrypoints.config.settings import Settings
from tortodelova.entrypoints.ioc import application_providers

WELCOME_BONUS = 30
SECRET = "unit-test-secret-unit-test-secret-0123456789"
T = TypeVar("T")


class WorldDoubles(Provider):
    """The world's own objects in place of the infrastructure. REQUEST-scoped factories read the
    world at resolution time, so a test may swap `world.generator` between runs."""

    scope = Scope.APP

    def __init__(self, world: World) -> None:
        super().__init__()
        self.w = world

    @provide
    def clock(self) -> Clock:
        return self.w.clock

    @provide
    def ids(self) -> IdGenerator:
        return self.w.ids

    @provide
    def seeds(self) -> SeedSource:
        return self.w.seeds

    @provide
    def hasher(self) -> PasswordHasher:
        return self.w.hasher

    @provide
    def queue(self) -> JobQueue:
        return self.w.queue

    @provide
    def events(self) -> EventPublisher:
        return self.w.events

    @provide
    def user_events(self) -> UserEventPublisher:
        return MemoryUserEvents()  # no use case the world drives publishes to users

    @provide
    def store(self) -> ObjectStore:
        return self.w.store

    @provide
    def translator(self) -> Translator:
        return self.w.translator

    @provide
    def prompts(self) -> PromptBuilder:
        return StylePromptJoiner()

    @provide(scope=Scope.REQUEST)
    def generator(self) -> ImageGenerator:
        return self.w.generator

    @provide(scope=Scope.REQUEST)
    def gateway(self) -> PaymentGateway:
        return self.w.gateway

    @provide(scope=Scope.REQUEST)
    def uow(self) -> UnitOfWork:
        return self.w.new_uow()

    @provide(scope=Scope.REQUEST)
    def stats_reader(self) -> StatsReader:
        assert self.w.stats_reader is not None, "statistics need the PostgreSQL world"
        return self.w.stats_reader

    get_stats = provide(GetStats, scope=Scope.REQUEST)  # ioc offers it with PostgreSQL only


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
    max_active: int | None = None  # SubmitGeneration's per-user cap
    stats_reader: StatsReader | None = None  # statistics are read in SQL only: PostgreSQL worlds
    drafts: bool = True  # the demo engine offers drafts; "real" without the LCM-LoRA does not
    # The payment service: the sandbox by default (packs 30:199, 100:590, 300:1490), or any other
    # gateway a test puts here (read at resolution time).
    gateway: PaymentGateway = field(default_factory=SandboxGateway)

    def __post_init__(self) -> None:
        settings = Settings(
            jwt_secret=SECRET,
            welcome_bonus_credits=WELCOME_BONUS,
            generator_model="fake/solid-color",
            max_attempts=self.max_attempts,
            ml_engine="demo" if self.drafts else "real",
            draft_lora="",
            payment_provider="sandbox",
        )
        self.container: Container = make_container(
            *application_providers(), WorldDoubles(self), context={Settings: settings}
        )
        self.tokens = self.container.get(TokenService)

    def _use_case(self, kind: type[T]) -> T:
        with self.container() as request:
            return request.get(kind)

    # --- use cases -----------------------------------------------------------------------------
    def register(self) -> RegisterUser:
        return self._use_case(RegisterUser)

    def login(self) -> Authenticate:
        return self._use_case(Authenticate)

    def refresh(self) -> RefreshSession:
        return self._use_case(RefreshSession)

    def logout(self) -> Logout:
        return self._use_case(Logout)

    def profile(self) -> GetProfile:
        return self._use_case(GetProfile)

    def create_payment(self) -> CreatePayment:
        return self._use_case(CreatePayment)

    def settle(self) -> SettlePayment:
        return self._use_case(SettlePayment)

    def notify(self) -> HandleNotification:
        return self._use_case(HandleNotification)

    def check_payment(self) -> CheckPayment:
        return self._use_case(CheckPayment)

    def list_payments(self) -> ListPayments:
        return self._use_case(ListPayments)

    def reconcile(self) -> ReconcilePayments:
        return self._use_case(ReconcilePayments)

    def refund(self) -> RefundPayment:
        return self._use_case(RefundPayment)

    def complete_refund(self) -> CompleteRefund:
        return self._use_case(CompleteRefund)

    def submit(self) -> SubmitGeneration:
        use_case = self._use_case(SubmitGeneration)
        use_case.policy = replace(use_case.policy, max_active=self.max_active)  # set per test (None: no cap)
        return use_case

    def upload(self) -> UploadImage:
        return self._use_case(UploadImage)

    def quote(self) -> QuoteGeneration:
        return self._use_case(QuoteGeneration)

    def process(self) -> ProcessGeneration:
        return self._use_case(ProcessGeneration)

    def cancel(self) -> CancelGeneration:
        return self._use_case(CancelGeneration)

    def delete_generation(self) -> DeleteGeneration:
        return self._use_case(DeleteGeneration)

    def set_favorite(self) -> SetFavorite:
        return self._use_case(SetFavorite)

    def expire(self, ttl_seconds: float = 24 * 3600) -> ExpireStaleGenerations:
        use_case = self._use_case(ExpireStaleGenerations)
        use_case.ttl_seconds = ttl_seconds
        return use_case

    def get_generation(self) -> GetGeneration:
        return self._use_case(GetGeneration)

    def list_generations(self) -> ListGenerations:
        return self._use_case(ListGenerations)

    def list_transactions(self) -> ListTransactions:
        return self._use_case(ListTransactions)

    def list_users(self) -> ListUsers:
        return self._use_case(ListUsers)

    def adjust(self) -> AdjustBalance:
        return self._use_case(AdjustBalance)

    def stats(self) -> GetStats:
        return self._use_case(GetStats)

    def ensure_admin(self) -> EnsureAdmin:
        return self._use_case(EnsureAdmin)

    def create_share(self) -> CreateShare:
        return self._use_case(CreateShare)

    def submit_feedback(self) -> SubmitFeedback:
        return self._use_case(SubmitFeedback)

    # --- shortcuts -----------------------------------------------------------------------------
    async def new_user(self, email: str = "baker@example.com", top_up: int = 0) -> UUID:
        user = await self.register()(email, "correct horse")
        if top_up:
            await self.grant(user.id, top_up)
        return user.id

    async def grant(self, user_id: UUID, credits: int) -> None:
        await grant_credits(self.new_uow(), user_id, credits, self.clock.now())

    async def buy(self, user_id: UUID, pack_id: str = "pack-100", key: str | None = None) -> Payment:
        """A pack bought on the sandbox: created, paid at its checkout, notified, credited."""
        assert isinstance(self.gateway, SandboxGateway)
        created = await self.create_payment()(user_id, pack_id, "https://cakes.example/balance", key)
        assert created.payment.external_id is not None
        self.gateway.pay(created.payment.external_id)
        await self.notify()("payment.succeeded", created.payment.external_id)
        paid = await self.check_payment()(user_id, created.payment.id)
        return paid

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
