"""The Litestar application: `create_app(container, settings)`.

The container must supply everything ioc's providers do, the API's own objects (http/provider.py:
HttpProvider) and `Readiness` (ioc/readiness_checks.py; ReadinessProvider, or the tests' own).
"""

from __future__ import annotations

from datetime import tzinfo
from functools import partial
from typing import Any

from dishka import AsyncContainer
from dishka.integrations.litestar import setup_dishka
from litestar import Litestar, Request, Response, Router
from litestar.enums import ScopeType
from litestar.exceptions import NotFoundException
from litestar.routes import HTTPRoute
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from tortodelova.adapters.storage.s3 import S3Config
from tortodelova.application.ports.events import EventStream
from tortodelova.application.ports.limits import LimitCounter
from tortodelova.application.ports.payments import PaymentServiceUnavailable
from tortodelova.application.ports.security import TokenService
from tortodelova.entrypoints.config.settings import Settings
from tortodelova.entrypoints.http.controllers.account import AccountController
from tortodelova.entrypoints.http.controllers.admin import AdminController
from tortodelova.entrypoints.http.controllers.auth import AuthController
from tortodelova.entrypoints.http.controllers.generations import GenerationController, list_styles
from tortodelova.entrypoints.http.controllers.orders import BakeryController, OrderController
from tortodelova.entrypoints.http.controllers.payments import (
    AdminPaymentController,
    PaymentController,
    list_packs,
    service_unavailable_handler,
    yookassa_webhook,
)
from tortodelova.entrypoints.http.controllers.printing import InscriptionFontController, PrintingController
from tortodelova.entrypoints.http.controllers.public_shares import PublicShareController
from tortodelova.entrypoints.http.controllers.shares import ShareController
from tortodelova.entrypoints.http.controllers.system import health, metrics, ready
from tortodelova.entrypoints.http.controllers.uploads import UploadController
from tortodelova.entrypoints.http.controllers.user_events import events as user_events
from tortodelova.entrypoints.http.docs import docs_assets_router, openapi_config, refine
from tortodelova.entrypoints.http.housekeeping import (
    Housekeeping,
    LimitSweep,
    PaymentReconciler,
    RefreshTokenPurge,
)
from tortodelova.entrypoints.http.metrics import Metrics, observe_requests
from tortodelova.entrypoints.http.pages.sandbox_checkout import sandbox_checkout, sandbox_decide
from tortodelova.entrypoints.http.pages.share_page import share_page
from tortodelova.entrypoints.http.pages.spa import SpaFiles
from tortodelova.entrypoints.http.problems import EXCEPTION_HANDLERS, MAX_BODY_BYTES, http_exception_handler
from tortodelova.entrypoints.http.proxies import TrustedProxies, behind_proxies
from tortodelova.entrypoints.http.security_headers import (
    content_security_policy,
    origin,
    with_security_headers,
)
from tortodelova.entrypoints.http.shared_reads import sharing_reads
from tortodelova.entrypoints.ioc.readiness_checks import Readiness


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
        for needed in (TokenService, EventStream, LimitCounter, Readiness, Metrics, tzinfo):
            await container.get(needed)

    return check


def create_app(container: AsyncContainer, settings: Settings) -> Litestar:
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
            BakeryController,
            OrderController,
            user_events,
            AdminController,
            PaymentController,
            list_packs,
            yookassa_webhook,
            AdminPaymentController,
            health,
            ready,
        ],
    )
    spa = SpaFiles.find(settings.frontend_dist)
    expiry = Housekeeping(container, settings.housekeeping_interval_seconds)
    token_purge = RefreshTokenPurge(container, settings.refresh_token_purge_interval_seconds)
    reconciler = PaymentReconciler(container, settings.housekeeping_interval_seconds)
    limit_sweep = LimitSweep(container, settings.housekeeping_interval_seconds)
    app = Litestar(
        route_handlers=[
            api,
            metrics,
            share_page,
            sandbox_checkout,
            sandbox_decide,
            docs_assets_router(),
        ],
        exception_handlers={
            **EXCEPTION_HANDLERS,
            PaymentServiceUnavailable: service_unavailable_handler,
            NotFoundException: _not_found_handler(spa),
        },
        openapi_config=openapi_config(),
        on_startup=[
            _check_container(container),
            expiry.start,
            token_purge.start,
            reconciler.start,
            limit_sweep.start,
        ],
        on_shutdown=[expiry.stop, token_purge.stop, reconciler.stop, limit_sweep.stop, container.close],
        logging_config=None,
        request_max_body_size=MAX_BODY_BYTES,
        debug=False,
    )
    refine(app.openapi_schema)  # generated once here, before the first request renders it
    setup_dishka(container, app)
    allowed = {r.path_format: ", ".join(sorted(r.methods)) for r in app.routes if isinstance(r, HTTPRoute)}
    app.asgi_handler = _correct_allow_header(app.asgi_handler, allowed)
    app.asgi_handler = sharing_reads(app.asgi_handler)
    app.asgi_handler = observe_requests(app.asgi_handler, partial(container.get, Metrics))
    images = origin(S3Config.from_settings(settings).public_base)
    app.asgi_handler = with_security_headers(app.asgi_handler, content_security_policy(images))
    # Outermost: everything inside (logs, limits, cookies) sees the real client and scheme.
    app.asgi_handler = behind_proxies(app.asgi_handler, TrustedProxies.parse(settings.trusted_proxies))
    return app
