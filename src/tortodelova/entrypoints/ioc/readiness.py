"""Readiness of a production process: PostgreSQL and S3 are checked, the ML engine reported."""

from __future__ import annotations

from dishka import Provider, Scope, provide

from tortodelova.adapters.db.database import Database
from tortodelova.adapters.storage.s3 import S3ObjectStore
from tortodelova.entrypoints.ioc.readiness_checks import MlEngineInfo, Readiness


class ReadinessProvider(Provider):
    scope = Scope.APP

    @provide
    def readiness(self, db: Database, store: S3ObjectStore, ml: MlEngineInfo) -> Readiness:
        async def database() -> bool:
            return await db.ping()

        async def storage() -> bool:
            await store.ping()
            return True

        return Readiness(checks={"database": database, "storage": storage}, ml=ml)
