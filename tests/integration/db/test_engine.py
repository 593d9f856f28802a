"""The engine's pool: a connection the server closed is never handed out, no round trip is spent on
checking the live ones, and a burst of readers does not close and reopen connections."""

from __future__ import annotations

import asyncio

from sqlalchemy import event, text

from tests.integration.db.factories import make_user
from tortodelova.adapters.db.database import Database
from tortodelova.adapters.db.engine import create_engine


async def test_connections_the_server_closed_are_replaced_at_checkout(migrated_url: str) -> None:
    engine = create_engine(migrated_url, pool_size=3)
    operator = create_engine(migrated_url, pool_size=1)
    sent: list[str] = []  # the simple-protocol statements asyncpg sends: BEGIN, ROLLBACK, pings
    event.listen(
        engine.sync_engine,
        "connect",
        lambda _dbapi, record: record.driver_connection.add_query_logger(lambda q: sent.append(q.query)),
    )

    async def backend_pid() -> int:
        async with engine.connect() as conn:
            await asyncio.sleep(0.05)  # held together: three pooled connections
            return (await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one()

    try:
        pooled = set(await asyncio.gather(*(backend_pid() for _ in range(3))))
        assert len(pooled) == 3
        async with operator.connect() as conn:  # what a restart does to every session
            await conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM unnest(CAST(:pids AS int[])) AS pid"),
                {"pids": list(pooled)},
            )
        await asyncio.sleep(0.3)
        sent.clear()
        for _ in range(5):
            assert await backend_pid() not in pooled
        # One transaction a checkout; pre-ping would add BEGIN, ";" and ROLLBACK to each.
        assert sent.count("BEGIN;") == 5
        assert [q for q in sent if q.strip() == ";"] == []
    finally:
        await engine.dispose()
        await operator.dispose()


async def test_a_reading_block_sends_no_begin_or_rollback_and_sees_each_commit(db: Database) -> None:
    reader = Database(db.url, pool_size=1)
    sent: list[str] = []
    event.listen(
        reader.engine.sync_engine,
        "connect",
        lambda _dbapi, record: record.driver_connection.add_query_logger(lambda q: sent.append(q.query)),
    )
    uow, writer = reader.unit_of_work(), db.unit_of_work()
    user = make_user("reader@example.com")
    try:
        async with uow.reading() as reading:
            assert await reading.users.get(user.id) is None
            async with writer:  # committed between two reads of the same block
                await writer.users.add(user)
                await writer.commit()
            assert await reading.users.get(user.id) == user
        assert sent == []
        async with uow:  # a plain block is still one transaction, on the same pooled connection
            assert await uow.users.get(user.id) == user
        assert [q for q in sent if q.startswith("BEGIN")] == [sent[0]]
    finally:
        await reader.aclose()


async def test_a_reading_block_returns_its_connection_even_when_refused_or_failing(db: Database) -> None:
    reader = Database(db.url, pool_size=2, max_overflow=0)
    uow = reader.unit_of_work()
    try:
        async with uow.reading():
            try:
                async with uow.reading():  # nested: refused, and its own connection given back
                    raise AssertionError("a nested block opened")
            except RuntimeError as refused:
                assert "already has the unit of work open" in str(refused)
                assert reader.engine.pool.checkedout() == 1  # the outer block's only
        try:
            async with uow.reading() as reading:
                await reading.users.get(make_user("x@example.com").id)
                raise ValueError("the use case failed mid-read")
        except ValueError:
            pass
        async with uow.reading() as reading:  # both pooled connections are free again
            assert await reading.users.get(make_user("y@example.com").id) is None
        assert reader.engine.pool.checkedout() == 0
    finally:
        await reader.aclose()


async def test_a_burst_beyond_ten_readers_reuses_its_connections_the_next_time(db: Database) -> None:
    reader = Database(db.url)  # the API's pool, as configured
    opened: list[object] = []
    event.listen(reader.engine.sync_engine, "connect", lambda dbapi, _record: opened.append(dbapi))
    uow = reader.unit_of_work()

    async def read() -> None:
        async with uow.reading() as reading:
            await reading.users.get(make_user("burst@example.com").id)
            await asyncio.sleep(0.05)  # every reader holds its connection at the same time

    try:
        await asyncio.gather(*(read() for _ in range(16)))
        assert len(opened) == 16
        for _ in range(3):
            await asyncio.gather(*(read() for _ in range(16)))
        assert len(opened) == 16  # no connection was closed on return and opened again
    finally:
        await reader.aclose()
