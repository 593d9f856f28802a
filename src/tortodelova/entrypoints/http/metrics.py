"""Prometheus metrics (one registry per app, never the global one) and the access log.

HTTP requests are counted and timed by method, route template and status in an ASGI wrapper around
the whole app, so 404s and errors are counted too. Generation figures come from GetStats at scrape
time: the database is the truth for queue depth and durations across all workers.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector
from prometheus_client.utils import floatToGoString

from tortodelova.application.ports.stats import Stats

access_log = logging.getLogger("tortodelova.access")

PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8"


class GenerationStatsCollector(Collector):
    """Renders the Stats snapshot taken just before `generate_latest` (see `Metrics.render`)."""

    def __init__(self) -> None:
        self.snapshot: Stats | None = None

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("tortodelova_stats_up", "1 when the generation statistics could be read")
        up.add_metric([], 1 if self.snapshot else 0)
        yield up
        s = self.snapshot
        if s is None:
            return
        yield GaugeMetricFamily(
            "tortodelova_queue_depth", "Generations waiting in the queue", value=s.queue_depth
        )
        yield GaugeMetricFamily(
            "tortodelova_generations_processing", "Generations being rendered", value=s.processing
        )
        by_status = GaugeMetricFamily("tortodelova_generations", "Generations by status", labels=["status"])
        for status, count in sorted(s.by_status.items()):
            by_status.add_metric([status], count)
        yield by_status
        yield GaugeMetricFamily("tortodelova_users", "Registered users", value=s.users_total)
        yield GaugeMetricFamily(
            "tortodelova_credits_spent",
            "Credits debited for delivered generations",
            value=s.credits_spent_total,
        )
        yield GaugeMetricFamily("tortodelova_workers_alive", "Workers seen recently", value=len(s.workers))
        payments = GaugeMetricFamily("tortodelova_payments_total", "Payments by status", labels=["status"])
        for status, count in sorted(s.payments_by_status.items()):
            payments.add_metric([status], count)
        yield payments
        buckets = [(floatToGoString(b), float(n)) for b, n in sorted(s.duration_buckets.items())]
        buckets.append(("+Inf", float(s.duration_count)))
        yield HistogramMetricFamily(
            "tortodelova_generation_duration_seconds",
            "Time from claim to success of delivered generations",
            buckets=buckets,
            sum_value=s.duration_sum_s,
        )


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "tortodelova_http_requests",
            "HTTP requests",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "tortodelova_http_request_duration_seconds",
            "HTTP request latency",
            ["method", "route", "status"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
        )
        self.stats = GenerationStatsCollector()
        self.registry.register(self.stats)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        labels = (method, route, str(status))
        self.requests.labels(*labels).inc()
        self.latency.labels(*labels).observe(seconds)

    def render(self, stats: Stats | None) -> bytes:
        # No await between setting the snapshot and rendering: concurrent scrapes cannot mix.
        self.stats.snapshot = stats
        try:
            return generate_latest(self.registry)
        finally:
            self.stats.snapshot = None


def observe_requests(app: ASGIApp, registry: Callable[[], Awaitable[Metrics]]) -> ASGIApp:
    """Outermost ASGI wrapper: metrics and one access-log line per HTTP request. `registry` gives
    the app's Metrics (from the container, asked once)."""
    metrics: Metrics | None = None

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        nonlocal metrics
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        if metrics is None:
            metrics = await registry()
        started = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await app(scope, receive, send_wrapper)
        finally:
            seconds = time.perf_counter() - started
            route = scope.get("path_template") or "unmatched"  # unknown paths would explode the label set
            method = scope.get("method", "")
            metrics.observe(method, route, status, seconds)
            user: Any = scope.get("user")
            access_log.info(
                "%s %s %s %.1fms",
                method,
                scope.get("path", ""),
                status,
                seconds * 1000,
                extra={
                    "method": method,
                    "path": scope.get("path", ""),
                    "route": route,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 1),
                    "user_id": str(user.id) if user is not None and hasattr(user, "id") else None,
                },
            )

    return middleware
