"""The KEDA trigger's query (deploy/k8s/base/worker-scaledobject.yaml), run as KEDA runs it against the
migrated schema: it must stay valid SQL for this schema and count the jobs a GPU worker has to do,
waiting or in hand, and nothing that is finished."""

from __future__ import annotations

from sqlalchemy import text

from tests.deploy.k8s_manifests import render
from tests.integration.db.factories import T0, add_user, submit
from tortodelova.adapters.db.database import Database


def _trigger_query() -> str:
    (scaled,) = [d for d in render("base") if d["kind"] == "ScaledObject"]
    (trigger,) = scaled["spec"]["triggers"]
    return trigger["metadata"]["query"]


async def _run(db: Database, query: str) -> int:
    async with db.engine.connect() as conn:
        value = (await conn.execute(text(query))).scalar_one()
    assert isinstance(value, int)  # KEDA's postgresql scaler needs an integer
    return value


async def test_the_query_counts_queued_and_running_jobs_only(db: Database) -> None:
    query = _trigger_query()
    assert await _run(db, query) == 0
    uow = db.unit_of_work()
    user = await add_user(uow, balance=1000)
    requests = [await submit(uow, user, created=i) for i in range(6)]
    assert await _run(db, query) == 6
    queue = db.job_queue()
    try:
        await queue.claim("gpu-1", 2, lease_seconds=60)  # in hand: still work for the pool
        assert await _run(db, query) == 6
    finally:
        await queue.aclose()
    async with uow:  # one cancelled while waiting, one failed: neither needs a GPU any more
        waiting = await uow.generations.get(requests[5].id, for_update=True)
        assert waiting is not None
        waiting.cancel(T0)
        await uow.generations.save(waiting)
        failed = await uow.generations.get(requests[4].id, for_update=True)
        assert failed is not None
        failed.fail("test", T0)
        await uow.generations.save(failed)
        await uow.commit()
    assert await _run(db, query) == 4
