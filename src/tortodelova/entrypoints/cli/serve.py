"""`tortodelova serve`: the HTTP API (and the built SPA) on uvicorn, wired to PostgreSQL and S3."""

from __future__ import annotations

from tortodelova.entrypoints.config.logging_setup import configure_logging
from tortodelova.entrypoints.config.settings import Settings
from tortodelova.entrypoints.ioc import make_container


def build_app(settings: Settings):  # noqa: ANN201 - litestar.Litestar
    from tortodelova.entrypoints.http.app import create_app
    from tortodelova.entrypoints.http.provider import HttpProvider

    return create_app(make_container(settings, HttpProvider()), settings)


def serve(settings: Settings, *, host: str, port: int) -> None:
    import uvicorn

    configure_logging(settings.log_level, settings.log_format)
    uvicorn.run(
        build_app(settings),
        host=host,
        port=port,
        log_config=None,  # our logging setup (JSON when LOG_FORMAT=json) handles uvicorn's loggers too
        access_log=False,  # the app logs one structured line per request
        proxy_headers=False,  # the app applies X-Forwarded-* itself, from TRUSTED_PROXIES only
        timeout_graceful_shutdown=5,  # SSE streams would otherwise hold shutdown open
    )
