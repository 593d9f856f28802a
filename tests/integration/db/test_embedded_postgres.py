"""The embedded PostgreSQL server: never runs as root, survives restarts and a killed owner,
refuses a second owner, and explains a failed start with the server's log."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from tortodelova.adapters.db.engine import asyncpg_dsn
from tortodelova.devstack.postgres import EmbeddedPostgres, EmbeddedPostgresError


@pytest.fixture
def data_dir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="tortodelova-test-pgdir-"))
    yield path / "pg"
    shutil.rmtree(path, ignore_errors=True)


def _server_uid(pg: EmbeddedPostgres) -> int:
    pid = int((pg.pgdata / "postmaster.pid").read_text().split()[0])
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("Uid:")).split()[1])


async def _query(url: str, sql: str) -> object:
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        return await conn.fetchval(sql)
    finally:
        await conn.close()


async def test_server_lifecycle(data_dir: Path) -> None:
    # An owner process creates the cluster and a table, then dies without stopping the server.
    script = textwrap.dedent(
        f"""
        import os
        from tortodelova.devstack.postgres import EmbeddedPostgres
        pg = EmbeddedPostgres({str(data_dir)!r}, durable=False)
        pg.start()
        pg.psql("SET ROLE tortodelova; CREATE TABLE cakes (name text); INSERT INTO cakes VALUES ('Наполеон')", "tortodelova")
        os._exit(0)  # killed: no stop(), no atexit
        """
    )
    await asyncio.to_thread(subprocess.run, [sys.executable, "-c", script], check=True, timeout=120)
    assert (data_dir / "pgdata" / "postmaster.pid").exists()  # the orphan is still running

    pg = EmbeddedPostgres(data_dir, durable=False)
    url = await pg.astart()
    try:
        assert url.startswith("postgresql+asyncpg://tortodelova:") and "@127.0.0.1:" in url
        assert await _query(url, "SELECT name FROM cakes") == "Наполеон"
        assert await _query(url, "SELECT current_user") == "tortodelova"
        assert _server_uid(pg) != 0  # PostgreSQL never runs as root, even when we are

        with pytest.raises(EmbeddedPostgresError, match="уже используется"):
            await EmbeddedPostgres(data_dir).astart()

        wrong = url.replace(url.split(":")[2].split("@")[0], "wrong-password")
        with pytest.raises(asyncpg.InvalidPasswordError):
            await _query(wrong, "SELECT 1")
    finally:
        await pg.astop()
    assert not pg.running and not (data_dir / "pgdata" / "postmaster.pid").exists()

    # A broken configuration: start() fails with the server's own explanation.
    conf = data_dir / "pgdata" / "postgresql.conf"
    await asyncio.to_thread(conf.write_text, conf.read_text() + "shared_buffers = 'lots'\n")
    with pytest.raises(EmbeddedPostgresError, match="shared_buffers") as failure:
        await EmbeddedPostgres(data_dir, durable=False).astart()
    assert "postgres.log" in str(failure.value)


def test_an_interrupted_first_start_leaves_no_server_and_no_half_made_cluster(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_run = EmbeddedPostgres._run
    interrupt_after = {"initdb"}

    def run(self: EmbeddedPostgres, cmd: list[str], *, what: str, cwd: Path | None = None) -> None:
        real_run(self, cmd, what=what, cwd=cwd)
        if what in interrupt_after:
            interrupt_after.discard(what)
            raise KeyboardInterrupt  # Ctrl-C just as the step finished

    monkeypatch.setattr(EmbeddedPostgres, "_run", run)

    with pytest.raises(KeyboardInterrupt):
        EmbeddedPostgres(data_dir, durable=False).start()
    assert not (data_dir / "pgdata").exists()  # nothing that a later start would take for a cluster

    interrupt_after.add("pg_ctl start")  # the server is up, its port not yet recorded
    with pytest.raises(KeyboardInterrupt):
        EmbeddedPostgres(data_dir, durable=False).start()
    assert not (data_dir / "pgdata" / "postmaster.pid").exists()  # it was stopped all the same

    pg = EmbeddedPostgres(data_dir, durable=False)
    pg.start()
    try:
        assert pg.psql("SELECT 'торт'").strip() == "торт"
    finally:
        pg.stop()
