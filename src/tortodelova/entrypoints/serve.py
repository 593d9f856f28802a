"""`tortodelova serve`: the HTTP API (and the built SPA) on uvicorn, wired to PostgreSQL and S3."""

from __future__ import annotations

from dishka import Provider, Scope, provide

from tortodelova.adapters.db.database import Database
from tortodelova.adapters.storage.s3 import S3ObjectStore
from tortodelova.entrypoints.ioc import make_container
from tortodelova.entrypoints.logging_setup import configure_logging
from tortodelova.entrypoints.readiness import MlEngineInfo, Readiness, ml_engine_info
from tortodelova.entrypoints.settings import Settings


class ReadinessProvider(Provider):
    scope = Scope.APP

    @provide
    def ml(self, settings: Settings) -> MlEngineInfo:
        return ml_engine_info(settings)  # from the files on disk: the API never imports torch

    @provide
    def readiness(self, db: Database, store: S3ObjectStore, ml: MlEngineInfo) -> Readiness:
        async def database() -> bool:
            return await db.ping()

        async def storage() -> bool:
            await store.ping()
            return True

        return Readiness(checks={"database": database, "storage": storage}, ml=ml)


def build_app(settings: Settings):  # noqa: ANN201 - litestar.Litestar
    from tortodelova.entrypoints.http.app import create_app

    return create_app(make_container(settings, ReadinessProvider()), settings)


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
