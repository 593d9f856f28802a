from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from dishka.integrations.litestar import FromDishka, inject
from litestar import Request, Response, get
from litestar.openapi import ResponseSpec

from tortodelova.application.ports.queue import JobQueue
from tortodelova.application.ports.system import Clock
from tortodelova.application.use_cases.get_stats import GetStats
from tortodelova.entrypoints.http.metrics import PROMETHEUS_TEXT, Metrics
from tortodelova.entrypoints.http.schemas import HealthOut, ReadyOut, utc
from tortodelova.entrypoints.readiness import Readiness

log = logging.getLogger(__name__)

WORKER_FRESH_S = 60  # a worker that reported within this many seconds counts as alive


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
    readiness: FromDishka[Readiness], queue: FromDishka[JobQueue], clock: FromDishka[Clock]
) -> Response[ReadyOut]:
    """Database, storage, the ML engine (mode demo carries a warning) and the workers seen in the last minute."""

    async def workers() -> dict[str, Any]:
        now = clock.now()
        alive = [
            w for w in await queue.workers() if now - w.last_seen <= timedelta(seconds=WORKER_FRESH_S)
        ]
        return {
            "status": "ok" if alive else "none",
            "alive": len(alive),
            "items": [{"id": w.id, "last_seen": utc(w.last_seen), "jobs_done": w.jobs_done} for w in alive],
        }

    report = await readiness.report({"workers": workers})
    body: dict[str, Any] = {
        "status": "ok" if report.ready else "fail",
        **report.checks,
        "ml_engine": report.ml_engine,
    }
    return Response(body, status_code=200 if report.ready else 503)  # type: ignore[arg-type]


@get("/metrics", tags=["system"], media_type=PROMETHEUS_TEXT)
@inject
async def metrics(request: Request[Any, Any, Any], get_stats: FromDishka[GetStats]) -> Response[str]:
    """Prometheus text format: HTTP requests and latencies, queue depth, generations by status and duration."""
    registry: Metrics = request.app.state.metrics
    try:
        stats = await get_stats()
    except Exception:  # noqa: BLE001 - the HTTP metrics are still worth serving
        log.warning("generation statistics unavailable for /metrics", exc_info=True)
        stats = None
    return Response(registry.render(stats).decode(), media_type=PROMETHEUS_TEXT)
