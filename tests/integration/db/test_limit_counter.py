"""The shared limit counter on PostgreSQL: exact under concurrency from two processes' engines,
all-or-none over several windows, expiring by itself, and the stream slots of a dead replica freed."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select, text

from tortodelova.adapters.db.database import Database
from tortodelova.adapters.db.limits import PgLimitCounter
from tortodelova.adapters.db.models import limit_hits
from tortodelova.application.ports.limits import Admission, Window
from tortodelova.domain.errors import TooManyStreams
from tortodelova.entrypoints.http.streaming.stream_slots import StreamSlots

LOGINS = Window("login-account", 10, 900)


@pytest.fixture
async def other_replica(db: Database) -> AsyncIterator[Database]:
    """A second engine on the same database, as another API replica holds."""
    other = Database(db.url, pool_size=10, max_overflow=10)
    yield other
    await other.aclose()


async def rows(db: Database, window: Window | None = None) -> int:
    """Every row of the table (expired ones too), or those of one window."""
    query = select(func.count()).select_from(limit_hits)
    if window is not None:
        query = query.where(limit_hits.c.name == window.name)
    async with db.engine.connect() as conn:
        return int((await conn.execute(query)).scalar_one())


async def test_concurrent_hits_from_two_replicas_let_exactly_the_limit_through(
    db: Database, other_replica: Database
) -> None:
    counters = [db.limit_counter(), other_replica.limit_counter()]
    start = asyncio.Event()

    async def attempt(n: int) -> Admission:
        await start.wait()
        return await counters[n % 2].hit((LOGINS, "baker@example.com"))

    tasks = [asyncio.create_task(attempt(n)) for n in range(40)]
    await asyncio.sleep(0)
    start.set()
    results = await asyncio.gather(*tasks)

    admitted = [r for r in results if r.admitted]
    assert len(admitted) == 10 and len({r.hits for r in admitted}) == 10
    assert all(1 <= (r.retry_after or 0) <= 900 for r in results if not r.admitted)
    assert await counters[0].current(LOGINS, "baker@example.com") == 10 == await rows(db)
    assert await counters[1].current(LOGINS, "cook@example.com") == 0  # each key its own count


async def test_several_windows_are_hit_all_or_none(db: Database) -> None:
    counter = db.limit_counter()
    by_account, by_address = Window("a", 1, 60), Window("b", 5, 60)
    assert (await counter.hit((by_account, "k"), (by_address, "10.0.0.1"))).admitted
    refused = await counter.hit((by_account, "k"), (by_address, "10.0.0.1"))
    assert not refused.admitted and 59 <= (refused.retry_after or 0) <= 60
    assert await counter.current(by_address, "10.0.0.1") == 1  # the refused attempt counted nowhere
    assert (await counter.hit((by_account, "other"), (by_address, "10.0.0.1"))).admitted
    assert await counter.current(by_address, "10.0.0.1") == 2


async def test_hits_expire_and_a_key_that_is_hit_again_loses_its_expired_rows(db: Database) -> None:
    counter = db.limit_counter()
    brief = Window("brief", 2, 0.4)
    assert all([(await counter.hit((brief, "k"))).admitted for _ in range(2)])
    assert (await counter.hit((brief, "k"))).retry_after == 1  # rounded up to a whole second
    await asyncio.sleep(0.5)
    assert await counter.current(brief, "k") == 0
    assert await rows(db) == 2  # expired, still stored
    assert (await counter.hit((brief, "k"))).admitted
    assert await rows(db) == 1  # the hit cleaned its key


async def test_the_sweep_deletes_the_expired_rows_of_every_key(db: Database) -> None:
    counter = db.limit_counter()
    brief, lasting = Window("brief", 5, 0.2), Window("lasting", 5, 600)
    for key in ("abandoned-1", "abandoned-2"):
        await counter.hit((brief, key))
    await counter.hit((lasting, "kept"))
    await asyncio.sleep(0.3)
    assert await counter.sweep() == 2
    assert await rows(db) == 1 and await counter.current(lasting, "kept") == 1


async def test_withdraw_forget_and_renew(db: Database) -> None:
    counter = db.limit_counter()
    window = Window("w", 3, 0.5)
    first, second = [await counter.hit((window, "k")) for _ in range(2)]
    await counter.withdraw(first.hits)
    assert await counter.current(window, "k") == 1
    await counter.renew(second.hits, 600)
    await asyncio.sleep(0.6)
    assert await counter.current(window, "k") == 1  # renewed past its first expiry
    await counter.forget(window, "k")
    assert await counter.current(window, "k") == 0


@pytest.mark.parametrize("key", ["a\x00b", "\ud800", "x" * 10_000, "пекарня@пример.рф"])
async def test_any_key_a_client_can_send_is_counted(db: Database, key: str) -> None:
    counter = db.limit_counter()
    window = Window("odd", 1, 60)
    assert (await counter.hit((window, key))).admitted
    assert not (await counter.hit((window, key))).admitted
    assert await counter.current(window, key) == 1
    await counter.forget(window, key)
    assert await counter.current(window, key) == 0


async def test_zero_is_no_limit_and_records_nothing(db: Database) -> None:
    counter = db.limit_counter()
    off = Window("off", 0, 60)
    assert all([(await counter.hit((off, "k"))).admitted for _ in range(5)])
    assert await rows(db) == 0


async def numbers(n: int) -> AsyncIterator[int]:
    for i in range(n):
        yield i


async def test_stream_slots_are_shared_by_replicas_and_a_dead_replica_s_slots_expire(
    db: Database, other_replica: Database
) -> None:
    user = uuid.uuid4()
    here = StreamSlots(db.limit_counter(), per_user=2, ttl_s=0.6)
    there = StreamSlots(other_replica.limit_counter(), per_user=2, ttl_s=0.6)
    held = await here.hold(user, numbers(1))
    # A replica that took a slot and died: no renewal, nothing given back.
    assert (await PgLimitCounter(other_replica.engine).hit((there.window, str(user)))).admitted
    with pytest.raises(TooManyStreams):
        await there.hold(user, numbers(1))
    await asyncio.sleep(0.9)  # past the dead slot's expiry; the open stream's was renewed meanwhile
    assert await here.open_for(user) == 1
    taken = await there.hold(user, numbers(1))
    assert await here.open_for(user) == 2
    await held.aclose()
    await here.settled()
    assert await there.open_for(user) == 1
    await there.close()  # a replica shutting down gives its slots back at once
    assert await here.open_for(user) == 0
    await here.close()
    del taken


async def test_the_table_is_unlogged(db: Database) -> None:
    """Counters need no WAL (alembic's comparison cannot see this; the migration and the model say it)."""
    async with db.engine.connect() as conn:
        query = text("SELECT relpersistence::text FROM pg_class WHERE relname = 'limit_hits'")
        assert (await conn.execute(query)).scalar_one() == "u"
