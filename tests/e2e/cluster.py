"""Several API replicas (`tortodelova serve`) and workers (`tortodelova worker`, demo engine) on one
PostgreSQL and one S3, behind nginx as compose runs it (tests/e2e/test_replicas.py).

Every process logs to its own file under the cluster's directory; failure messages quote their tails.
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID

import httpx
from sqlalchemy import select

from tests.deploy.nginx_runner import RunningNginx, run_nginx, upstream_template
from tests.support.s3 import s3_config_for
from tests.support.stack import ROOT
from tortodelova.adapters.db.database import Database
from tortodelova.adapters.db.models import prediction_requests
from tortodelova.adapters.storage.s3 import S3ObjectStore
from tortodelova.devstack.lifetime import die_with_parent
from tortodelova.devstack.seaweed import EmbeddedS3
from tortodelova.domain.generation import PredictionRequest

_p = prediction_requests.c


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path
    url: str = ""  # an API replica's own address

    def tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
        if self.popen.poll() is None:
            self.popen.send_signal(sig)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(10)
        return self.popen.returncode


@dataclass
class Cluster:
    database_url: str
    apis: list[Process]
    workers: dict[str, Process]
    nginx: RunningNginx
    processes: list[Process] = field(default_factory=list)

    def logs(self) -> str:
        """Every process's last lines, for a failure message."""
        parts = [f"--- {p.name} (exit {p.popen.poll()}) ---\n{p.tail()}" for p in self.processes]
        return "\n".join([*parts, f"--- nginx ---\n{self.nginx.error_log[-3000:]}"])

    def wait_for(self, what: str, done: Callable[[], bool], timeout: float) -> None:
        """Until `done()`; a bounded wait whose failure names `what` and shows the logs."""
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                raise AssertionError(f"{what}: not within {timeout:.0f} s\n{self.logs()}")
            time.sleep(0.1)

    def wait_workers(self, timeout: float = 180) -> None:
        """Until every worker built its engine and listens for jobs (torch's import takes a while)."""
        for worker_id, worker in self.workers.items():
            self.wait_for(
                f"worker {worker_id} starting",
                lambda w=worker, i=worker_id: _running(w) and f"worker {i} started" in w.tail(200),
                timeout,
            )

    def rendering(self, request_ids: list[str], timeout: float = 240) -> str:
        """The worker rendering any of these requests, the moment the database shows its first progress
        (read every 20 ms on one connection: a fast machine renders a batch in a second or two)."""

        async def poll() -> str:
            db = Database(self.database_url, pool_size=1, max_overflow=0)
            query = select(_p.lease_owner).where(
                _p.id.in_([UUID(i) for i in request_ids]), _p.status == "processing", _p.progress > 0
            )
            deadline = time.monotonic() + timeout
            try:
                async with db.engine.connect() as conn:
                    while (owner := (await conn.execute(query)).scalar()) is None:
                        await conn.rollback()  # a fresh snapshot for the next read
                        if time.monotonic() > deadline:
                            raise AssertionError(
                                f"no worker rendered {request_ids} in {timeout} s\n{self.logs()}"
                            )
                        await asyncio.sleep(0.02)
                    return str(owner)
            finally:
                await db.aclose()

        return asyncio.run(poll())

    def request(self, request_id: str) -> PredictionRequest:
        """A request as the database holds it (the lease owner and attempts are not in the API)."""

        async def read() -> PredictionRequest:
            db = Database(self.database_url, pool_size=1, max_overflow=0)
            try:
                async with db.unit_of_work() as uow:
                    found = await uow.generations.get(UUID(request_id))
            finally:
                await db.aclose()
            assert found is not None, request_id
            return found

        return asyncio.run(read())


def stop_all(processes: list[Process], timeout: float = 30) -> None:
    """SIGTERM to all at once, then wait for each (killed past `timeout`)."""
    for process in processes:
        if process.popen.poll() is None:
            process.popen.send_signal(signal.SIGTERM)
    for process in processes:
        process.stop(timeout=timeout)


def _running(process: Process) -> bool:
    """True, or a failure with the process's last lines when it exited."""
    if process.popen.poll() is not None:
        raise AssertionError(f"{process.name} exited with {process.popen.returncode}:\n{process.tail()}")
    return True


def _environment(database_url: str, s3: EmbeddedS3, extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("S3_", "DATABASE_", "JWT_"))}
    return env | {
        # The children import this checkout's code whatever their working directory.
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])),
        "DATABASE_URL": database_url,
        "S3_ENDPOINT": s3.endpoint,
        "S3_BUCKET": s3.bucket,
        "S3_ACCESS_KEY": s3.access_key,
        "S3_SECRET_KEY": s3.secret_key,
        "JWT_SECRET": secrets.token_urlsafe(48),
        "ML_ENGINE": "demo",
        "HF_HUB_OFFLINE": "1",
        "TRUSTED_PROXIES": "127.0.0.1/32",  # nginx, on this host
        "FRONTEND_DIST": "",  # nginx serves the SPA
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
        **extra,
    }


def _spawn(name: str, args: list[str], env: dict[str, str], directory: Path) -> Process:
    log = directory / f"{name}.log"
    with log.open("wb") as out:  # the child keeps its own descriptor
        popen = subprocess.Popen(
            [sys.executable, "-m", "tortodelova.entrypoints.cli.main", *args],
            env=env,
            cwd=directory,  # no ./.env of the checkout's compose deployment
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=die_with_parent,  # noqa: PLW1509 - nothing outlives a killed test run
        )
    return Process(name, popen, log)


_LISTENING = re.compile(r"Uvicorn running on (http://127\.0\.0\.1:\d+)")


def _wait_for_listening(process: Process, timeout: float) -> str:
    """The address uvicorn logs once it has bound its socket."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _running(process)
        found = _LISTENING.search(process.log.read_text(errors="replace"))
        if found:
            return found.group(1)
        time.sleep(0.1)
    raise AssertionError(f"{process.name} did not listen in {timeout} s:\n{process.tail()}")


def _answers(process: Process) -> bool:
    _running(process)
    try:
        return httpx.get(f"{process.url}/api/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


async def _ensure_bucket(s3: EmbeddedS3) -> None:
    store = await S3ObjectStore(s3_config_for(s3)).start()
    try:
        await store.ensure_bucket()
    finally:
        await store.close()


@contextmanager
def running_cluster(
    directory: Path,
    database_url: str,
    s3: EmbeddedS3,
    *,
    apis: int = 2,
    workers: int = 2,
    env: dict[str, str] | None = None,
    start_timeout: float = 90,
) -> Iterator[Cluster]:
    """Starts everything at once and returns when nginx and every API replica answer; the workers
    may still be building their engines (Cluster.wait_workers)."""
    asyncio.run(_ensure_bucket(s3))
    html = directory / "html"
    html.mkdir(parents=True, exist_ok=True)
    (html / "index.html").write_text("<!doctype html><title>tortodelova</title><div id=root></div>")
    environment = _environment(database_url, s3, env or {})
    with ExitStack() as stack:
        processes: list[Process] = []
        stack.callback(stop_all, processes)
        worker_processes = {}
        for n in range(workers):  # first: building an engine takes longest
            worker_id = f"worker-{n}"
            worker_processes[worker_id] = _spawn(
                worker_id, ["worker", "--id", worker_id], environment, directory
            )
            processes.append(worker_processes[worker_id])
        # Port 0: each replica binds a port the OS gives it and logs it. A port picked here and bound
        # later could be taken in between by another test's server, which would then answer for it.
        api_processes = [
            _spawn(f"api-{n}", ["serve", "--host", "127.0.0.1", "--port", "0"], environment, directory)
            for n in range(apis)
        ]
        processes.extend(api_processes)
        for api in api_processes:
            api.url = _wait_for_listening(api, start_timeout)
        backend, template = upstream_template([api.url for api in api_processes])
        nginx = stack.enter_context(
            run_nginx(directory / "nginx", backend, html, template, s3_url=s3.endpoint)
        )
        cluster = Cluster(database_url, api_processes, worker_processes, nginx, processes)
        for api in api_processes:
            cluster.wait_for(f"{api.name} answering /api/health", lambda a=api: _answers(a), start_timeout)
        yield cluster
