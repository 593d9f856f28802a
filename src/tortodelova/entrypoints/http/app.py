"""The Litestar application: `create_app(container, settings)`.

The container must supply everything ioc.py's providers do, plus `Readiness` (see
entrypoints/readiness.py: ioc's ReadinessProvider; the tests give their own).
"""

from __future__ import annotations

from typing import Any

from dishka import AsyncContainer
from dishka.integrations.litestar import setup_dishka
from litestar import Litestar, Request, Response, Router
from litestar.datastructures import State
from litestar.enums import ScopeType
from litestar.exceptions import NotFoundException
from litestar.routes import HTTPRoute
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from tortodelova.application.ports.events import EventStream
from tortodelova.application.ports.security import TokenService
from tortodelova.entrypoints.http.controllers.account import AccountController
from tortodelova.entrypoints.http.controllers.admin import AdminController
from tortodelova.entrypoints.http.controllers.auth import AuthController
from tortodelova.entrypoints.http.controllers.generations import GenerationController, list_styles
from tortodelova.entrypoints.http.controllers.printing import InscriptionFontController, PrintingController
from tortodelova.entrypoints.http.controllers.public_shares import PublicShareController
from tortodelova.entrypoints.http.controllers.shares import ShareController
from tortodelova.entrypoints.http.controllers.system import health, metrics, ready
from tortodelova.entrypoints.http.controllers.uploads import UploadController, upload_limiter
from tortodelova.entrypoints.http.controllers.user_events import events as user_events
from tortodelova.entrypoints.http.docs import docs_assets_router, openapi_config, refine
from tortodelova.entrypoints.http.feedback_limits import FeedbackLimits
from tortodelova.entrypoints.http.housekeeping import Housekeeping, RefreshTokenPurge
from tortodelova.entrypoints.http.metrics import Metrics, observe_requests
from tortodelova.entrypoints.http.problems import EXCEPTION_HANDLERS, MAX_BODY_BYTES, http_exception_handler
from tortodelova.entrypoints.http.proxies import TrustedProxies, behind_proxies
from tortodelova.entrypoints.http.queue_snapshot import QueueSnapshot
from tortodelova.entrypoints.http.rate_limit import AuthLimits
from tortodelova.entrypoints.http.share_page import share_page
from tortodelova.entrypoints.http.spa import SpaFiles
from tortodelova.entrypoints.http.spa_index import SpaIndex
from tortodelova.entrypoints.http.sse import StreamTimings
from tortodelova.entrypoints.http.stream_slots import StreamSlots
from tortodelova.entrypoints.http.ttl_cache import TtlCache
from tortodelova.entrypoints.readiness import Readiness
from tortodelova.entrypoints.settings import Settings


def _not_found_handler(spa: SpaFiles | None):  # noqa: ANN202
    def handler(request: Request[Any, Any, Any], exc: NotFoundException) -> Response[Any]:
        if spa is not None and spa.serves(request):
            return spa.response(request.url.path)
        return http_exception_handler(request, exc)

    return handler


def _correct_allow_header(app: ASGIApp, allowed: dict[str, str]) -> ASGIApp:
    """Litestar's automatic OPTIONS answer lists only the methods of the first handler registered for a
    path (GET /api/generations is missing next to POST); this rewrites its Allow header from the routes."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP or scope["method"] != "OPTIONS":
            await app(scope, receive, send)
            return

        async def send_corrected(message: Message) -> None:
            allow = allowed.get(scope.get("path_template", ""))
            if message["type"] == "http.response.start" and message["status"] == 204 and allow:
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"allow"]
                message = {**message, "headers": [*headers, (b"allow", allow.encode())]}
            await send(message)

        await app(scope, receive, send_corrected)

    return middleware


def _check_container(container: AsyncContainer):  # noqa: ANN202
    async def check() -> None:
        """Fail at start-up, not at the first request, when the container lacks what the app needs."""
        for needed in (TokenService, EventStream, Readiness):
            await container.get(needed)

    return check


def create_app(
    container: AsyncContainer, settings: Settings, *, stream_timings: StreamTimings | None = None
) -> Litestar:
    api = Router(
        path="/api",
        route_handlers=[
            AuthController,
            AccountController,
            GenerationController,
            PrintingController,
            InscriptionFontController,
            UploadController,
            list_styles,
            ShareController,
            PublicShareController,
            user_events,
            AdminController,
            health,
            ready,
        ],
    )
    app_metrics = Metrics()
    spa = SpaFiles.find(settings.frontend_dist)
    expiry = Housekeeping(container, settings.housekeeping_interval_seconds)
    token_purge = RefreshTokenPurge(container, settings.refresh_token_purge_interval_seconds)
    app = Litestar(
        route_handlers=[api, metrics, share_page, docs_assets_router()],
        exception_handlers={
            **EXCEPTION_HANDLERS,
            NotFoundException: _not_found_handler(spa),
        },
        openapi_config=openapi_config(),
        state=State(
            {
                "auth_limits": AuthLimits.from_settings(settings),
                "metrics": app_metrics,
                "stream_timings": stream_timings or StreamTimings(),
                "ready_cache": TtlCache(settings.ready_cache_seconds),
                "queue_snapshot": QueueSnapshot(container, settings.queue_snapshot_seconds),
                "stream_slots": StreamSlots(settings.max_streams_per_user),
                "upload_limiter": upload_limiter(),
                "feedback_limits": FeedbackLimits.from_settings(settings),
                "public_base_url": settings.public_base_url,
                "spa_index": SpaIndex(spa.index if spa is not None else None, settings.spa_index_url),
            }
        ),
        on_startup=[_check_container(container), expiry.start, token_purge.start],
        on_shutdown=[expiry.stop, token_purge.stop, container.close],
        logging_config=None,
        request_max_body_size=MAX_BODY_BYTES,
        debug=False,
    )
    refine(app.openapi_schema)  # generated once here, before the first request renders it
    setup_dishka(container, app)
    allowed = {r.path_format: ", ".join(sorted(r.methods)) for r in app.routes if isinstance(r, HTTPRoute)}
    app.asgi_handler = _correct_allow_header(app.asgi_handler, allowed)
    app.asgi_handler = observe_requests(app.asgi_handler, app_metrics)
    # Outermost: everything inside (logs, limits, cookies) sees the real client and scheme.
    app.asgi_handler = behind_proxies(app.asgi_handler, TrustedProxies.parse(settings.trusted_proxies))
    return app
