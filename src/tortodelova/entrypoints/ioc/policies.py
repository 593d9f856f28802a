"""The settings the use cases take, each a small object made from Settings once per process."""

from __future__ import annotations

from datetime import timedelta

from dishka import Provider, Scope, provide

from tortodelova.application.use_cases.accounts.purge_refresh_tokens import TokenRetention
from tortodelova.application.use_cases.accounts.refresh_session import ReuseGrace
from tortodelova.application.use_cases.accounts.register_user import WelcomeBonus
from tortodelova.application.use_cases.generations.expire_generations import PendingTtl
from tortodelova.application.use_cases.generations.process_generation import WorkerPolicy
from tortodelova.application.use_cases.generations.submit_generation import SubmitPolicy
from tortodelova.application.use_cases.payments.reconcile_payments import ReconcilePolicy
from tortodelova.entrypoints.config.settings import Settings


class PolicyProvider(Provider):
    scope = Scope.APP

    @provide
    def welcome(self, s: Settings) -> WelcomeBonus:
        return WelcomeBonus(s.welcome_bonus_credits)

    @provide
    def submit(self, s: Settings) -> SubmitPolicy:
        return SubmitPolicy(model_id=s.generator_model, max_active=s.max_active_generations)

    @provide
    def reuse_grace(self, s: Settings) -> ReuseGrace:
        return ReuseGrace(timedelta(seconds=s.refresh_reuse_grace_seconds))

    @provide
    def token_retention(self, s: Settings) -> TokenRetention:
        return TokenRetention(timedelta(hours=s.refresh_token_retention_hours))

    @provide
    def pending_ttl(self, s: Settings) -> PendingTtl:
        return PendingTtl(s.pending_ttl_hours * 3600)

    @provide
    def worker(self, s: Settings) -> WorkerPolicy:
        return WorkerPolicy(s.max_attempts)

    @provide
    def reconcile(self, s: Settings) -> ReconcilePolicy:
        return ReconcilePolicy(
            settle_after=timedelta(seconds=s.payment_settle_after_seconds),
            give_up_after=timedelta(hours=s.payment_check_hours),
        )
