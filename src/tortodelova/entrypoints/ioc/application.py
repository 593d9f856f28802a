"""Providers every process has: time, ids, hashing, tokens, and the use cases."""

from __future__ import annotations

from datetime import tzinfo
from zoneinfo import ZoneInfo

from dishka import Provider, Scope, from_context, provide

from tortodelova.adapters.images.sanitize import PillowSanitizer
from tortodelova.adapters.security.passwords import Argon2Hasher
from tortodelova.adapters.security.tokens import JwtTokenService
from tortodelova.adapters.system import RandomSeeds, SystemClock, UuidGenerator
from tortodelova.application.ports.images import ImageSanitizer
from tortodelova.application.ports.ml import DraftAvailability
from tortodelova.application.ports.security import PasswordHasher, TokenService
from tortodelova.application.ports.system import Clock, IdGenerator, SeedSource
from tortodelova.application.use_cases.accounts.authenticate import Authenticate
from tortodelova.application.use_cases.accounts.get_profile import GetProfile
from tortodelova.application.use_cases.accounts.list_transactions import ListTransactions
from tortodelova.application.use_cases.accounts.logout import Logout
from tortodelova.application.use_cases.accounts.purge_refresh_tokens import PurgeRefreshTokens
from tortodelova.application.use_cases.accounts.refresh_session import RefreshSession
from tortodelova.application.use_cases.accounts.register_user import RegisterUser
from tortodelova.application.use_cases.admin.adjust_balance import AdjustBalance
from tortodelova.application.use_cases.admin.ensure_admin import EnsureAdmin
from tortodelova.application.use_cases.admin.list_users import ListUsers
from tortodelova.application.use_cases.generations.cancel_generation import CancelGeneration
from tortodelova.application.use_cases.generations.delete_generation import DeleteGeneration
from tortodelova.application.use_cases.generations.expire_generations import ExpireStaleGenerations
from tortodelova.application.use_cases.generations.favorite_generation import SetFavorite
from tortodelova.application.use_cases.generations.get_generation import GetGeneration
from tortodelova.application.use_cases.generations.get_upload import GetUpload
from tortodelova.application.use_cases.generations.list_generations import ListGenerations
from tortodelova.application.use_cases.generations.process_generation import ProcessGeneration
from tortodelova.application.use_cases.generations.queue_positions import GetQueuePositions
from tortodelova.application.use_cases.generations.quote_generation import QuoteGeneration
from tortodelova.application.use_cases.generations.submit_generation import SubmitGeneration
from tortodelova.application.use_cases.generations.upload_image import UploadImage
from tortodelova.application.use_cases.orders.get_bakery import GetBakery
from tortodelova.application.use_cases.orders.get_order import GetOrder
from tortodelova.application.use_cases.orders.list_orders import ListOrders
from tortodelova.application.use_cases.orders.save_bakery import SaveBakery
from tortodelova.application.use_cases.orders.set_quote import SetQuote
from tortodelova.application.use_cases.payments.check_payment import CheckPayment
from tortodelova.application.use_cases.payments.complete_refund import CompleteRefund
from tortodelova.application.use_cases.payments.create_payment import CreatePayment
from tortodelova.application.use_cases.payments.handle_notification import HandleNotification
from tortodelova.application.use_cases.payments.list_payments import ListPayments
from tortodelova.application.use_cases.payments.reconcile_payments import ReconcilePayments
from tortodelova.application.use_cases.payments.refund_payment import RefundPayment
from tortodelova.application.use_cases.payments.settle_payment import SettlePayment
from tortodelova.application.use_cases.shares.create_share import CreateShare
from tortodelova.application.use_cases.shares.get_public_share import GetPublicShare
from tortodelova.application.use_cases.shares.list_feedback import ListFeedback
from tortodelova.application.use_cases.shares.list_shares import ListShares
from tortodelova.application.use_cases.shares.revoke_share import RevokeShare
from tortodelova.application.use_cases.shares.submit_feedback import SubmitFeedback
from tortodelova.entrypoints.config.settings import Settings
from tortodelova.entrypoints.ioc.readiness_checks import MlEngineInfo, ml_engine_info


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
    def bakery_zone(self, settings: Settings) -> tzinfo:
        """BAKERY_TIMEZONE: the one zone orders are dated in (an unknown name fails here, at start-up)."""
        return ZoneInfo(settings.bakery_timezone)

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
    register = provide(RegisterUser)
    submit = provide(SubmitGeneration)
    refresh = provide(RefreshSession)
    purge_refresh_tokens = provide(PurgeRefreshTokens)
    expire = provide(ExpireStaleGenerations)
    process = provide(ProcessGeneration)
    get_bakery = provide(GetBakery)
    save_bakery = provide(SaveBakery)
    set_quote = provide(SetQuote)
    list_orders = provide(ListOrders)
    get_order = provide(GetOrder)
    create_payment = provide(CreatePayment)
    settle_payment = provide(SettlePayment)
    complete_refund = provide(CompleteRefund)
    refund_payment = provide(RefundPayment)
    handle_notification = provide(HandleNotification)
    check_payment = provide(CheckPayment)
    list_payments = provide(ListPayments)
    reconcile_payments = provide(ReconcilePayments)
