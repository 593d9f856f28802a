"""LimitCounter on the limit_hits table: one row per hit, shared by every API process.

hit: one transaction takes a transaction-scoped advisory lock per (window, key), in one global order
(no deadlocks), so the check and the record of one key are never interleaved with another process's:
however many replicas count the same key at once, no more than the limit get through. Under the lock
each key first loses its expired rows (a key that is hit cleans itself), is counted, and only when
every window has room is a row inserted for each. Keys no one hits any more are left to `sweep`
(the API's housekeeping). Time is the database's clock, so the replicas agree on every expiry.

Keys come from clients (an e-mail as typed, a link token from the URL): one that is long or holds
what a text column cannot (NUL, a lone surrogate) is stored as its digest.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import Integer, Numeric, bindparam, delete, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from tortodelova.adapters.db.models import limit_hits
from tortodelova.application.ports.limits import Admission, Window

_h = limit_hits.c

# Under the lock: the key's expired rows go, then how many are left and, when that is the limit or
# more, the seconds until enough of them expire for one more (the (held - limit + 1)-th expiry).
_CHECK = (
    text(
        """
    WITH expired AS (
        DELETE FROM limit_hits WHERE name = :name AND key = :key AND expires_at <= now()
    )
    SELECT extract(epoch FROM
        (array_agg(expires_at ORDER BY expires_at))[count(*) - :limit + 1] - now()) AS wait
    FROM limit_hits WHERE name = :name AND key = :key AND expires_at > now()
    """
    )
    .bindparams(bindparam("limit", type_=Integer))
    .columns(wait=Numeric())
)


_KEY_BYTES_MAX = 200


def _stored(key: str) -> str:
    raw = key.encode("utf-8", "surrogatepass")
    if len(raw) <= _KEY_BYTES_MAX and "\0" not in key and raw.decode("utf-8", "replace") == key:
        return key
    return "#" + hashlib.sha256(raw).hexdigest()


def _lock_id(window: Window, key: str) -> int:
    """A signed 64-bit advisory-lock id for one (window, stored key); its own digest personalisation
    keeps it apart from the migrations' lock."""
    digest = hashlib.blake2b(f"{window.name}\0{key}".encode(), digest_size=8, person=b"limit-hits")
    return int.from_bytes(digest.digest(), "big", signed=True)


def _seconds(wait: object) -> int:
    return max(1, math.ceil(float(wait)))  # type: ignore[arg-type]  # a Decimal from extract()


class PgLimitCounter:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def hit(self, *counted: tuple[Window, str]) -> Admission:
        limited = [(window, _stored(key)) for window, key in counted if window.limit > 0]
        if not limited:
            return Admission()
        async with self._engine.begin() as conn:
            for lock in sorted({_lock_id(window, key) for window, key in limited}):
                await conn.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": lock})
            waits = [await self._wait(conn, window, key) for window, key in limited]
            refused = [wait for wait in waits if wait is not None]
            if refused:
                return Admission(retry_after=max(refused))
            rows = [
                {"name": w.name, "key": key, "expires_at": func.now() + timedelta(seconds=w.seconds)}
                for w, key in limited
            ]
            ids = await conn.execute(insert(limit_hits).values(rows).returning(_h.id))
            return Admission(hits=tuple(ids.scalars()))

    @staticmethod
    async def _wait(conn: AsyncConnection, window: Window, key: str) -> int | None:
        params = {"name": window.name, "key": key, "limit": window.limit}
        wait = (await conn.execute(_CHECK, params)).scalar_one()
        return None if wait is None else _seconds(wait)

    async def withdraw(self, hits: Sequence[int]) -> None:
        if hits:
            async with self._engine.begin() as conn:
                await conn.execute(delete(limit_hits).where(_h.id.in_(hits)))

    async def renew(self, hits: Sequence[int], seconds: float) -> None:
        if hits:
            async with self._engine.begin() as conn:
                await conn.execute(
                    update(limit_hits)
                    .where(_h.id.in_(hits))
                    .values(expires_at=func.now() + timedelta(seconds=seconds))
                )

    async def forget(self, window: Window, key: str) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(delete(limit_hits).where(_h.name == window.name, _h.key == _stored(key)))

    async def current(self, window: Window, key: str) -> int:
        async with self._engine.connect() as conn:
            query = select(func.count()).where(
                _h.name == window.name, _h.key == _stored(key), _h.expires_at > func.now()
            )
            return int((await conn.execute(query)).scalar_one())

    async def sweep(self) -> int:
        async with self._engine.begin() as conn:
            result = await conn.execute(delete(limit_hits).where(_h.expires_at <= func.now()))
            return int(result.rowcount)
