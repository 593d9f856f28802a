"""Within `shared_reads()` (each GET request), the first reading block hands its pooled connection to
the second instead of returning it for a new checkout; nothing else changes hands, and nothing is
held once the response has started."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import cast

import pytest
from sqlalchemy import QueuePool, event, text

from tortodelova.adapters.db.database import Database
from tortodelova.adapters.db.unit_of_work import SqlAlchemyUnitOfWork, shared_reads
from tortodelova.entrypoints.http.shared_reads import sharing_reads


@dataclass
class Reader:
    db: Database
    checkouts: list[int] = field(default_factory=list)

    def held(self) -> int:
        return cast(QueuePool, self.db.engine.pool).checkedout()


@pytest.fixture
async def reader(db: Database) -> AsyncIterator[Reader]:
    reader = Reader(Database(db.url))
    event.listen(reader.db.engine.sync_engine, "checkout", lambda *_: reader.checkouts.append(1))
    yield reader
    await reader.db.aclose()


async def backend(uow: SqlAlchemyUnitOfWork) -> int:
    async with uow.reading() as reading:
        return int(await reading.session.scalar(text("SELECT pg_backend_pid()")))


async def test_the_second_reading_block_goes_on_with_the_firsts_connection(reader: Reader) -> None:
    uow = reader.db.unit_of_work()
    async with shared_reads():
        first, second = await backend(uow), await backend(uow)
        await backend(uow)  # a third checks out its own
    assert first == second
    assert len(reader.checkouts) == 2
    assert reader.held() == 0
    await backend(uow)
    await backend(uow)  # outside the block, one checkout each
    assert len(reader.checkouts) == 4


async def test_another_task_or_a_failed_block_gets_no_kept_connection(reader: Reader) -> None:
    uow = reader.db.unit_of_work()
    async with shared_reads():
        await backend(uow)
        await asyncio.create_task(backend(uow))  # a task of its own: its own checkout
        assert len(reader.checkouts) == 2 and reader.held() == 1
        await backend(uow)  # the kept one
        assert len(reader.checkouts) == 2
    async with shared_reads():
        with pytest.raises(ZeroDivisionError):
            async with uow.reading():
                raise ZeroDivisionError
        assert reader.held() == 0  # a failed block's connection is not kept
    assert reader.held() == 0


async def test_a_get_returns_the_kept_connection_when_its_response_starts(reader: Reader) -> None:
    uow = reader.db.unit_of_work()
    held_while_streaming: list[int] = []

    def app(reads: int):  # noqa: ANN202
        async def respond(scope, receive, send) -> None:  # noqa: ANN001
            for _ in range(reads):
                await backend(uow)
            await send({"type": "http.response.start", "status": 200, "headers": []})
            held_while_streaming.append(reader.held())
            await send({"type": "http.response.body", "body": b"", "more_body": False})

        return respond

    async def send(message) -> None:  # noqa: ANN001
        pass

    checkouts = {}
    for method in ("GET", "POST"):
        for reads in (1, 2):
            before = len(reader.checkouts)
            await sharing_reads(app(reads))({"type": "http", "method": method}, None, send)  # type: ignore[arg-type]
            checkouts[method, reads] = len(reader.checkouts) - before
    # A GET's two reads share one checkout; a POST's do not (a body may arrive in between).
    assert checkouts == {("GET", 1): 1, ("GET", 2): 1, ("POST", 1): 1, ("POST", 2): 2}
    assert held_while_streaming == [0, 0, 0, 0]  # the one read's kept connection went back at the start
    assert reader.held() == 0
