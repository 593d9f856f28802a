"""Providers every process has: time, ids, hashing, tokens, and the use cases."""

from __future__ import annotations

from datetime import timedelta

from dishka import Provider, Scope, from_context, provide

from tortodelova.adapters.images.sanitize import PillowSanitizer
from tortodelova.adapters.security.passwords import Argon2Hasher
from tortodelova.adapters.security.tokens import JwtTokenService
from tortodelova.adapters.system import RandomSeeds, SystemClock, UuidGenerator
from tortodelova.application.ports.events import EventPublisher
from tortodelova.application.ports.images import ImageSanitizer
from tortodelova.application.ports.ml import DraftAvailability, ImageGenerator, PromptBuilder, Translator
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.security import PasswordHasher, TokenService
from tortodelova.application.ports.storage import ObjectStore
from tortodelova.application.ports.system import Clock, IdGenerator, SeedSource
from tortodelova.application.ports.upscaling import Upscaler
from tortodelova.application.use_cases.adjust_balance import AdjustBalance
from tortodelova.application.use_cases.authenticate import Authenticate
from tortodelova.application.use_cases.cancel_generation import CancelGeneration
from tortodelova.application.use_cases.create_share import CreateShare
from tortodelova.application.use_cases.delete_generation import DeleteGeneration
from tortodelova.application.use_cases.ensure_admin import EnsureAdmin
from tortodelova.application.use_cases.expire_generations import ExpireStaleGenerations
from tortodelova.application.use_cases.favorite_generation import SetFavorite
from tortodelova.application.use_cases.get_generation import GetGeneration
from tortodelova.application.use_cases.get_profile import GetProfile
from tortodelova.application.use_cases.get_public_share import GetPublicShare
from tortodelova.application.use_cases.get_upload import GetUpload
from tortodelova.application.use_cases.list_feedback import ListFeedback
from tortodelova.application.use_cases.list_generations import ListGenerations
from tortodelova.application.use_cases.list_shares import ListShares
from tortodelova.application.use_cases.list_transactions import ListTransactions
from tortodelova.application.use_cases.list_users import ListUsers
from tortodelova.application.use_cases.logout import Logout
from tortodelova.application.use_cases.process_generation import ProcessGeneration
from tortodelova.application.use_cases.purge_refresh_tokens import PurgeRefreshTokens
from tortodelova.application.use_cases.queue_positions import GetQueuePositions
from tortodelova.application.use_cases.quote_generation import QuoteGeneration
from tortodelova.application.use_cases.refresh_session import RefreshSession
from tortodelova.application.use_cases.register_user import RegisterUser
from tortodelova.application.use_cases.revoke_share import RevokeShare
from tortodelova.application.use_cases.submit_feedback import SubmitFeedback
from tortodelova.application.use_cases.submit_generation import SubmitGeneration
from tortodelova.application.use_cases.top_up import TopUp
from tortodelova.application.use_cases.upload_image import UploadImage
from tortodelova.entrypoints.readiness import MlEngineInfo, ml_engine_info
from tortodelova.entrypoints.settings import Settings


class CoreProvider(Provider):
    """Time, ids, hashing and tokens: the same in every process and every mode."""

    scope = Scope.APP
    settings = from_context(provides=Settings, scope=Scope.APP)
    clock = provide(SystemClock, provides=Clock)
    ids = provide(UuidGenerator, provides=IdGenerator)
    seeds = provide(RandomSeeds, provides=SeedSource)

    @provide
    def hasher(self) -> PasswordHasher:
        return Argon2Hasher()

    @provide
    def sanitizer(self) -> ImageSanitizer:
        return PillowSanitizer()  # one per process: it bounds how many big pictures decode at once

    @provide
    def ml_engine(self, settings: Settings) -> MlEngineInfo:
        return ml_engine_info(settings)  # from the files on disk: the API never imports torch

    @provide
    def drafts(self, ml: MlEngineInfo) -> DraftAvailability:
        return ml  # decided once per process, like the engine mode /api/ready reports

    @provide
    def tokens(self, settings: Settings, clock: Clock) -> TokenService:
        return JwtTokenService(
            settings.jwt_secret,
            clock,
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            access_ttl_seconds=settings.access_token_ttl_seconds,
            refresh_ttl_seconds=settings.refresh_token_ttl_days * 86400,
        )


class UseCaseProvider(Provider):
    scope = Scope.REQUEST

    authenticate = provide(Authenticate)
    logout = provide(Logout)
    profile = provide(GetProfile)
    top_up = provide(TopUp)
    quote = provide(QuoteGeneration)
    get_generation = provide(GetGeneration)
    cancel_generation = provide(CancelGeneration)
    set_favorite = provide(SetFavorite)
    delete_generation = provide(DeleteGeneration)
    queue_positions = provide(GetQueuePositions)
    list_generations = provide(ListGenerations)
    list_transactions = provide(ListTransactions)
    list_users = provide(ListUsers)
    adjust = provide(AdjustBalance)
    ensure_admin = provide(EnsureAdmin)
    upload_image = provide(UploadImage)
    get_upload = provide(GetUpload)
    create_share = provide(CreateShare)
    list_shares = provide(ListShares)
    revoke_share = provide(RevokeShare)
    get_public_share = provide(GetPublicShare)
    submit_feedback = provide(SubmitFeedback)
    list_feedback = provide(ListFeedback)

    @provide
    def register(
        self, uow: UnitOfWork, hasher: PasswordHasher, ids: IdGenerator, clock: Clock, settings: Settings
    ) -> RegisterUser:
        return RegisterUser(
            uow=uow, hasher=hasher, ids=ids, clock=clock, welcome_bonus=settings.welcome_bonus_credits
        )

    @provide
    def submit(
        self,
        uow: UnitOfWork,
        ids: IdGenerator,
        clock: Clock,
        seeds: SeedSource,
        events: EventPublisher,
        settings: Settings,
        drafts: DraftAvailability,
    ) -> SubmitGeneration:
        return SubmitGeneration(
            uow=uow,
            ids=ids,
            clock=clock,
            seeds=seeds,
            events=events,
            model_id=settings.generator_model,
            drafts=drafts,
            max_active=settings.max_active_generations,
        )

    @provide
    def refresh(
        self, uow: UnitOfWork, tokens: TokenService, ids: IdGenerator, clock: Clock, settings: Settings
    ) -> RefreshSession:
        return RefreshSession(
            uow=uow,
            tokens=tokens,
            ids=ids,
            clock=clock,
            grace=timedelta(seconds=settings.refresh_reuse_grace_seconds),
        )

    @provide
    def purge_refresh_tokens(self, uow: UnitOfWork, clock: Clock, settings: Settings) -> PurgeRefreshTokens:
        return PurgeRefreshTokens(
            uow=uow, clock=clock, retention=timedelta(hours=settings.refresh_token_retention_hours)
        )

    @provide
    def expire(
        self, uow: UnitOfWork, clock: Clock, events: EventPublisher, settings: Settings
    ) -> ExpireStaleGenerations:
        return ExpireStaleGenerations(
            uow=uow, clock=clock, events=events, ttl_seconds=settings.pending_ttl_hours * 3600
        )

    @provide
    def process(
        self,
        uow: UnitOfWork,
        translator: Translator,
        prompts: PromptBuilder,
        generator: ImageGenerator,
        store: ObjectStore,
        events: EventPublisher,
        ids: IdGenerator,
        clock: Clock,
        settings: Settings,
        upscaler: Upscaler,
    ) -> ProcessGeneration:
        return ProcessGeneration(
            uow=uow,
            translator=translator,
            prompts=prompts,
            generator=generator,
            store=store,
            events=events,
            ids=ids,
            clock=clock,
            max_attempts=settings.max_attempts,
            upscaler=upscaler,
        )
