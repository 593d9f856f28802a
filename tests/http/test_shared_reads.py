"""The app wires sharing_reads: an authorised GET list checks one connection out of the pool for both
its reads (the authorisation and the page), and gives it back with the answer."""

from __future__ import annotations

from typing import cast

from sqlalchemy import QueuePool, event

from tests.http.harness import Harness
from tortodelova.adapters.db.database import Database


async def test_an_authorised_list_checks_out_one_connection(pg_api: Harness) -> None:
    headers = await pg_api.user("reads@example.com")
    db = await pg_api.container.get(Database)
    checkouts: list[int] = []
    event.listen(db.engine.sync_engine, "checkout", lambda *_: checkouts.append(1))
    for path, expected in (("/api/generations", 1), ("/api/transactions", 1), ("/api/me", 1)):
        checkouts.clear()
        response = await pg_api.client.get(path, headers=headers)
        assert response.status_code == 200, response.text
        assert (path, len(checkouts)) == (path, expected)
        assert cast(QueuePool, db.engine.pool).checkedout() == 0
