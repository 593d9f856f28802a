"""The API process's own objects, one each per process: abuse limits and event-stream slots (their
counts are shared by every process, in the LimitCounter), the streams' timings,
the queue snapshot of the streams, caches, metrics, the site's address and the SPA's index.html.
Nothing builds them in a process that does not serve HTTP (the worker never asks)."""

from __future__ import annotations

from collections.abc import AsyncIterator

from dishka import AsyncContainer, Provider, Scope, provide

from tortodelova.application.ports.limits import LimitCounter
from tortodelova.entrypoints.config.settings import Settings
from tortodelova.entrypoints.http.controllers.system import ReadyCache
from tortodelova.entrypoints.http.controllers.uploads import UploadLimiter
from tortodelova.entrypoints.http.limits.feedback_limits import FeedbackLimits
from tortodelova.entrypoints.http.limits.rate_limit import AuthLimits
from tortodelova.entrypoints.http.metrics import Metrics
from tortodelova.entrypoints.http.notifiers import PaymentNotifiers, PaymentReturnUrl, notifier_networks
from tortodelova.entrypoints.http.pages.site_url import PublicBaseUrl
from tortodelova.entrypoints.http.pages.spa import SpaFiles
from tortodelova.entrypoints.http.pages.spa_index import SpaIndex
from tortodelova.entrypoints.http.streaming.queue_snapshot import QueueSnapshot
from tortodelova.entrypoints.http.streaming.sse import StreamTimings
from tortodelova.entrypoints.http.streaming.stream_slots import StreamSlots


class HttpProvider(Provider):
    scope = Scope.APP

    metrics = provide(Metrics)

    @provide
    def upload_limiter(self, counter: LimitCounter) -> UploadLimiter:
        return UploadLimiter(counter)

    @provide
    def stream_timings(self) -> StreamTimings:
        return StreamTimings()  # the tests shorten them

    @provide
    def auth_limits(self, s: Settings, counter: LimitCounter) -> AuthLimits:
        return AuthLimits.from_settings(s, counter)

    @provide
    def feedback_limits(self, s: Settings, counter: LimitCounter) -> FeedbackLimits:
        return FeedbackLimits.from_settings(s, counter)

    @provide
    async def stream_slots(self, s: Settings, counter: LimitCounter) -> AsyncIterator[StreamSlots]:
        slots = StreamSlots(counter, s.max_streams_per_user)
        yield slots
        await slots.close()  # this process's slots are free at once, not when they expire

    @provide
    def queue_snapshot(self, container: AsyncContainer, s: Settings) -> QueueSnapshot:
        return QueueSnapshot(container, s.queue_snapshot_seconds)

    @provide
    def ready_cache(self, s: Settings) -> ReadyCache:
        return ReadyCache(s.ready_cache_seconds)

    @provide
    def site(self, s: Settings) -> PublicBaseUrl:
        return PublicBaseUrl(s.public_base_url)

    @provide
    def payment_return_url(self, s: Settings) -> PaymentReturnUrl:
        return PaymentReturnUrl(s.yookassa_return_url)

    @provide
    def payment_notifiers(self, s: Settings) -> PaymentNotifiers:
        return PaymentNotifiers(notifier_networks(s))

    @provide
    def spa_index(self, s: Settings) -> SpaIndex:
        spa = SpaFiles.find(s.frontend_dist)
        return SpaIndex(spa.index if spa is not None else None, s.spa_index_url)
