"""Builds the app over a fresh test container (memory, or PostgreSQL with `database_url=`) from the
composition root's providers and offers the shortcuts the HTTP tests share."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from typing import Any
from uuid import UUID

from dishka import AsyncContainer, Provider
from httpx import ASGITransport, AsyncClient, Response
from litestar import Litestar

from tests.support.containers import FastHashing, instance, memory_container, postgres_container
from tests.support.credits import grant_credits
from tests.support.postgres import truncate_all
from tortodelova.adapters.db.database import Database
from tortodelova.adapters.memory.store import MemoryDatabase
from tortodelova.application.ports.events import EventPublisher
from tortodelova.application.ports.ml import ImageGenerator
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.queue import JobQueue
from tortodelova.application.ports.upscaling import Upscaler
from tortodelova.application.use_cases.admin.ensure_admin import EnsureAdmin
from tortodelova.application.use_cases.generations.process_generation import Outcome, ProcessGeneration
from tortodelova.entrypoints.config.settings import Settings
from tortodelova.entrypoints.http.app import create_app
from tortodelova.entrypoints.http.streaming.sse import StreamTimings

SECRET = "http-test-secret-http-test-secret-0123456789"
WELCOME_BONUS = 30
PASSWORD = "correct horse battery"
SETTINGS = Settings(
    jwt_secret=SECRET,
    welcome_bonus_credits=WELCOME_BONUS,
    auth_rate_limit_per_minute=10_000,
    frontend_dist="",
    payment_provider="sandbox",  # packs 30:199, 100:590, 300:1490 on the test checkout
    allow_sandbox_payments=True,
)


# FastHashing is re-exported for tests written against its old home here.
__all__ = ["SETTINGS", "FastHashing", "Harness", "assert_problem", "harness"]


@dataclass
class Harness:
    app: Litestar
    client: AsyncClient
    container: AsyncContainer
    settings: Settings

    # --- accounts ------------------------------------------------------------------------------
    async def register(self, email: str, password: str = PASSWORD) -> Response:
        return await self.client.post("/api/auth/register", json={"email": email, "password": password})

    async def login(self, email: str, password: str = PASSWORD) -> Response:
        return await self.client.post("/api/auth/login", json={"email": email, "password": password})

    async def user(self, email: str, top_up: int = 0) -> dict[str, str]:
        """Registers and logs in; returns the Authorization header."""
        assert (await self.register(email)).status_code == 201
        headers = self.bearer((await self.login(email)).json()["access_token"])
        if top_up:
            await self.grant((await self.me(headers))["id"], top_up)
        return headers

    async def grant(self, user_id: str, credits: int) -> None:
        """Credits without a payment (tests that are not about buying them)."""
        async with self.container() as request:
            await grant_credits(await request.get(UnitOfWork), UUID(user_id), credits)

    async def buy(
        self, headers: dict[str, str], pack_id: str = "pack-100", decision: str = "pay"
    ) -> dict[str, Any]:
        """A pack bought on the sandbox checkout, the way a payer does it; returns the payment."""
        created = await self.client.post("/api/balance/top-up", json={"pack_id": pack_id}, headers=headers)
        assert created.status_code == 201, created.text
        payment = created.json()["payment"]
        path = payment["confirmation_url"].removeprefix("http://testserver")
        decided = await self.client.post(f"{path}/{decision}")
        assert decided.status_code == 303, decided.text
        checked = await self.client.post(f"/api/payments/{payment['id']}/check", headers=headers)
        return checked.json()["payment"]

    async def admin(self, email: str = "admin@example.com") -> dict[str, str]:
        async with self.container() as request:
            ensure = await request.get(EnsureAdmin)
            await ensure(email, PASSWORD)
        response = await self.login(email)
        assert response.status_code == 200, response.text
        return self.bearer(response.json()["access_token"])

    @asynccontextmanager
    async def client_from(self, host: str, scheme: str = "http") -> AsyncIterator[AsyncClient]:
        """A client whose requests arrive from the TCP peer `host` (a proxy, say), over `scheme`."""
        transport = ASGITransport(app=self.app, client=(host, 40000))
        async with AsyncClient(transport=transport, base_url=f"{scheme}://testserver") as client:
            yield client

    @staticmethod
    def bearer(token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    async def me(self, headers: dict[str, str]) -> dict[str, Any]:
        return (await self.client.get("/api/me", headers=headers)).json()["user"]

    async def db(self) -> MemoryDatabase:
        """The memory harness's tables (not on PostgreSQL: use `database()` there)."""
        return await self.container.get(MemoryDatabase)

    async def database(self) -> Database:
        """The PostgreSQL harness's database."""
        return await self.container.get(Database)

    async def set_active(self, user_id: str, active: bool) -> None:
        db = await self.db()
        uid = UUID(user_id)
        db.tables.users[uid] = replace(db.tables.users[uid], is_active=active)

    # --- the worker ----------------------------------------------------------------------------
    async def run_worker(
        self,
        publisher: EventPublisher | None = None,
        worker_id: str = "w1",
        generator: ImageGenerator | None = None,
        upscaler: Upscaler | None = None,
    ) -> list[Outcome]:
        """Claims the pending jobs and runs them through the container's ProcessGeneration (fake ML);
        `publisher` / `generator` / `upscaler` swap that one collaborator of the use case for this run."""
        queue = await self.container.get(JobQueue)
        async with self.container() as request:
            process = await request.get(ProcessGeneration)
            process.events = publisher or process.events
            process.generator = generator or process.generator
            process.upscaler = upscaler or process.upscaler
            batch = await queue.claim(worker_id, 8, lease_seconds=60)
            outcomes = await process(worker_id, batch)
            await queue.report_alive(worker_id, len(outcomes))
            return outcomes


@asynccontextmanager
async def harness(
    settings: Settings = SETTINGS,
    *providers: Provider,
    fast_hashing: bool = True,
    stream_timings: StreamTimings | None = None,
    database_url: str | None = None,
) -> AsyncIterator[Harness]:
    """The app over the memory container, or over PostgreSQL at `database_url` (emptied first:
    admin statistics and /metrics need it). `providers` override the container's."""
    if stream_timings is not None:
        providers = (*providers, instance(StreamTimings, stream_timings))
    if database_url:
        settings = replace(settings, database_url=database_url)
        container = postgres_container(settings, *providers, fast_hashing=fast_hashing)
        await truncate_all(await container.get(Database))
    else:
        container = memory_container(settings, *providers, fast_hashing=fast_hashing)
    app = create_app(container, settings)
    # httpx's ASGI transport runs the app on the test's own event loop (Litestar's AsyncTestClient uses a
    # thread with another loop, which blocks this one during a request: no concurrent stream + worker).
    transport = ASGITransport(app=app, client=("testclient", 50000))
    # The app has no startup hooks; its one shutdown hook closes the container, done here directly
    # (Litestar's lifespan() uses an anyio task group, which pytest-asyncio fixtures cannot span).
    try:
        async with AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield Harness(app, client, container, settings)
    finally:
        await container.close()


def assert_problem(response: Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json"), response.headers
    body = response.json()
    assert body["status"] == status
    assert isinstance(body["type"], str) and body["title"] and body["detail"]
    return body
