from __future__ import annotations

import logging
from typing import Any

from dishka.integrations.litestar import FromDishka, inject
from litestar import Response, get
from litestar.openapi import ResponseSpec

from tortodelova.application.ports.queue import JobQueue
from tortodelova.application.use_cases.admin.get_stats import GetStats
from tortodelova.entrypoints.http.metrics import PROMETHEUS_TEXT, Metrics
from tortodelova.entrypoints.http.schemas.system import HealthOut, ReadyOut
from tortodelova.entrypoints.http.ttl_cache import TtlCache
from tortodelova.entrypoints.ioc.readiness_checks import Readiness

log = logging.getLogger(__name__)

WORKER_FRESH_S = 60  # a worker that reported within this many seconds counts as alive


class ReadyCache(TtlCache[tuple[dict[str, Any], int]]):
    """/api/ready's last answer (body, status), kept READY_CACHE_SECONDS."""


@get("/health", tags=["system"])
async def health() -> HealthOut:
    """The process is alive."""
    return HealthOut("ok")


@get(
    "/ready",
    tags=["system"],
    responses={503: ResponseSpec(ReadyOut, description="A dependency is not ready", generate_examples=False)},
)
@inject
async def ready(
    readiness: FromDishka[Readiness], queue: FromDishka[JobQueue], cache: FromDishka[ReadyCache]
) -> Response[ReadyOut]:
    """Database, storage, the ML engine (mode demo carries a warning) and how many workers reported in the
    last minute (their ids are for admins: GET /api/admin/stats). Cached for a few seconds (READY_CACHE_SECONDS)."""

    async def workers() -> dict[str, Any]:
        alive = await queue.live_workers(WORKER_FRESH_S)
        return {"status": "ok" if alive else "none", "alive": alive}

    async def check() -> tuple[dict[str, Any], int]:
        report = await readiness.report({"workers": workers})
        body = {"status": "ok" if report.ready else "fail", **report.checks, "ml_engine": report.ml_engine}
        return body, 200 if report.ready else 503

    body, status = await cache.get(check)
    return Response(body, status_code=status)  # type: ignore[arg-type]


@get("/metrics", tags=["system"], media_type=PROMETHEUS_TEXT)
@inject
async def metrics(get_stats: FromDishka[GetStats], registry: FromDishka[Metrics]) -> Response[str]:
    """Prometheus text format: HTTP requests and latencies, queue depth, generations by status and duration."""
    try:
        stats = await get_stats()
    except Exception:  # noqa: BLE001 - the HTTP metrics are still worth serving
        log.warning("generation statistics unavailable for /metrics", exc_info=True)
        stats = None
    return Response(registry.render(stats).decode(), media_type=PROMETHEUS_TEXT)
