"""Failures and crashes with real worker processes: no charge on failure, one debit after a crash."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.e2e.client import register_and_login
from tests.support.stack import ROOT, start_stack, stop_stack
from tortodelova.adapters.db.database import Database
from tortodelova.domain.failures import Failure

pytestmark = pytest.mark.xdist_group("stack")

LEASE_SECONDS = 4


@pytest.fixture(scope="module")
def bare_stack(server_tmp):
    """A stack whose `dev` starts no worker: each test runs its own worker processes."""
    stack = start_stack(
        server_tmp / "bare-var",
        {"DEV_WORKERS": "0", "LEASE_SECONDS": str(LEASE_SECONDS), "POLL_INTERVAL_SECONDS": "0.5"},
    )
    yield stack
    stop_stack(stack)


def spawn_worker(stack, mode: str, worker_id: str, log: Path) -> subprocess.Popen:  # noqa: ANN001
    env = os.environ | {
        "LEASE_SECONDS": str(LEASE_SECONDS),
        "POLL_INTERVAL_SECONDS": "0.5",
        "LOG_LEVEL": "INFO",
    }
    for line in (stack.var_dir / "runtime.env").read_text().splitlines():
        key, value = line.split("=", 1)
        env[key] = value
    args = [sys.executable, str(ROOT / "tests/e2e/worker_with_faults.py"), mode, worker_id]
    if mode == "real":
        args = [sys.executable, "-m", "tortodelova.entrypoints.cli.main", "worker", "--id", worker_id]
    return subprocess.Popen(args, env=env, cwd=ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT)


def wait_until_mid_render(user, gid: str, timeout: float) -> None:  # noqa: ANN001
    """Until `gid` is in the model with some steps done (`timeout` covers the worker building its engine)."""
    g = user.wait_status(gid, {"processing"}, timeout=timeout)
    deadline = time.monotonic() + 60
    while g["progress"] <= 0 and time.monotonic() < deadline:
        time.sleep(0.2)
        g = user.get(f"/api/generations/{gid}").json()["generation"]


def kill(worker: subprocess.Popen) -> None:
    """SIGKILL, as the OOM killer or a lost host would: no `finally`, no release."""
    worker.send_signal(signal.SIGKILL)
    worker.wait(10)


def rescue(stack, user, gids: list[str], tmp_path: Path, timeout: float) -> list[dict]:  # noqa: ANN001
    """A worker with the real engine takes over `gids` (once the leases expire); their final states."""
    rescuer = spawn_worker(stack, "real", "rescuer", tmp_path / "rescuer.log")
    try:
        return [user.wait_status(gid, {"success", "failed"}, timeout=timeout) for gid in gids]
    finally:
        rescuer.send_signal(signal.SIGTERM)
        rescuer.wait(30)


def test_generator_failure_releases_the_reservation(bare_stack, tmp_path):
    user = register_and_login(bare_stack.base_url)
    gid = user.post(
        "/api/generations", json={"prompt_ru": "Торт, который не получится", "style": "classic"}
    ).json()["generation"]["id"]
    assert user.balance()["reserved_credits"] == 10
    worker = spawn_worker(bare_stack, "fail", "failing-worker", tmp_path / "w.log")
    try:
        events = user.events(gid, timeout=120)
    finally:
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(30) == 0
    # The user sees the fixed message of the failure class; the exception text is in the worker's log.
    assert events[-1]["status"] == "failed" and events[-1]["error"] == Failure.MODEL_ERROR.message
    assert (
        "видеокарта недоступна" in (tmp_path / "w.log").read_text()
        and gid in (tmp_path / "w.log").read_text()
    )
    g = user.get(f"/api/generations/{gid}").json()["generation"]
    assert g["status"] == "failed" and g["credits_spent"] == 0 and g["public_url"] is None
    assert user.balance() == {"balance_credits": 30, "reserved_credits": 0, "available_credits": 30}
    kinds = [t["kind"] for t in user.get("/api/transactions").json()["items"]]
    assert kinds == ["bonus"]


def test_sigkilled_worker_job_is_finished_by_another_and_debited_once(bare_stack, tmp_path):
    user = register_and_login(bare_stack.base_url)
    gid = user.post("/api/generations", json={"prompt_ru": "Торт на выживание", "style": "wedding"}).json()[
        "generation"
    ]["id"]
    doomed = spawn_worker(bare_stack, "slow", "doomed-worker", tmp_path / "doomed.log")
    try:
        wait_until_mid_render(user, gid, timeout=120)
    finally:
        kill(doomed)
    killed_at = time.monotonic()
    [g] = rescue(bare_stack, user, [gid], tmp_path, timeout=180)
    assert g["status"] == "success", (tmp_path / "rescuer.log").read_text()[-3000:]
    assert time.monotonic() - killed_at >= LEASE_SECONDS - 1  # it waited for the lease to expire
    txs = user.get("/api/transactions", params={"kind": "generation"}).json()
    assert txs["total"] == 1 and txs["items"][0]["amount"] == 10
    assert user.balance() == {"balance_credits": 20, "reserved_credits": 0, "available_credits": 20}
    admin_view = user.get(f"/api/generations/{gid}").json()["generation"]
    assert admin_view["credits_spent"] == 10


@pytest.mark.timeout(600)  # a loaded CI host needs minutes to build the demo engine
def test_sigkill_with_three_batches_in_flight_each_job_finished_by_another_and_debited_once(
    bare_stack, tmp_path
):
    """The pipelined worker holds a batch in the model, one prepared ahead and one claimed behind it:
    killed, it settles none of them; after the leases expire another worker finishes all three."""
    user = register_and_login(bare_stack.base_url)
    # Three guidance values: one claim of three jobs, three batches in the worker's pipeline.
    gids = [
        user.post(
            "/api/generations",
            json={"prompt_ru": f"Торт в полёте {n}", "style": "classic", "steps": 10, "guidance": guidance},
        ).json()["generation"]["id"]
        for n, guidance in ((1, 7.0), (2, 8.0), (3, 9.0))
    ]
    doomed = spawn_worker(bare_stack, "slow", "doomed-pipeline", tmp_path / "doomed.log")
    try:
        wait_until_mid_render(user, gids[0], timeout=300)  # the first batch is in the model
        held = [stored(bare_stack, gid) for gid in gids]
        assert [(r.status.value, r.lease_owner) for r in held] == [("processing", "doomed-pipeline")] * 3
    finally:
        kill(doomed)
    killed_at = time.monotonic()
    final = rescue(bare_stack, user, gids, tmp_path, timeout=300)
    assert [g["status"] for g in final] == ["success"] * 3, (tmp_path / "rescuer.log").read_text()[-3000:]
    assert time.monotonic() - killed_at >= LEASE_SECONDS - 1  # it waited for the leases to expire
    assert all(stored(bare_stack, gid).lease_owner in (None, "rescuer") for gid in gids)
    txs = user.get("/api/transactions", params={"kind": "generation"}).json()["items"]
    assert sorted(t["prediction_request_id"] for t in txs) == sorted(gids)  # one debit each
    assert sum(t["amount"] for t in txs) == sum(g["credits_spent"] for g in final) > 0
    assert user.balance()["reserved_credits"] == 0


def stored(stack, gid: str):  # noqa: ANN001, ANN201
    """The request as the database holds it (attempts and the claim number are not in the API)."""
    url = next(
        line.split("=", 1)[1]
        for line in (stack.var_dir / "runtime.env").read_text().splitlines()
        if line.startswith("DATABASE_URL=")
    )

    async def read():  # noqa: ANN202
        db = Database(url)
        try:
            async with db.unit_of_work() as uow:
                return await uow.generations.get(uuid.UUID(gid))
        finally:
            await db.aclose()

    return asyncio.run(read())


@pytest.mark.timeout(600)  # a loaded CI host needs minutes to build the demo engine
def test_a_poisonous_job_fails_alone_and_its_batch_mates_succeed(bare_stack, tmp_path):
    user = register_and_login(bare_stack.base_url)
    ids = {}
    for prompt in ("poison cake", "cake with berries", "cake with roses"):  # Latin: no translation
        r = user.post("/api/generations", json={"prompt_ru": prompt, "style": "classic", "steps": 10})
        ids[prompt] = r.json()["generation"]["id"]
    log = tmp_path / "poison.log"
    worker = spawn_worker(bare_stack, "poison", "poisoned-worker", log)  # claims all three as one batch
    try:
        final = {p: user.wait_status(gid, {"success", "failed"}, timeout=300) for p, gid in ids.items()}
    finally:
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(30) == 0
    assert {p: g["status"] for p, g in final.items()} == {
        "poison cake": "failed",
        "cake with berries": "success",
        "cake with roses": "success",
    }, log.read_text()[-3000:]
    assert final["poison cake"]["error"] == Failure.MODEL_ERROR.message
    assert "retrying its jobs one by one" in log.read_text()
    assert all(stored(bare_stack, gid).attempts == 1 for gid in ids.values())
    assert user.balance() == {"balance_credits": 22, "reserved_credits": 0, "available_credits": 22}


@pytest.mark.timeout(600)  # a loaded CI host needs minutes to build the demo engine
def test_sigterm_mid_batch_gives_the_rest_back_without_spending_an_attempt(bare_stack, tmp_path):
    user = register_and_login(bare_stack.base_url)
    # Two guidance values: one claim, two batches in the model, one after the other.
    first, second = (
        user.post(
            "/api/generations",
            json={"prompt_ru": f"Торт номер {n}", "style": "kids", "steps": 10, "guidance": guidance},
        ).json()["generation"]["id"]
        for n, guidance in ((1, 7.0), (2, 8.0))
    )
    log = tmp_path / "slow.log"
    worker = spawn_worker(bare_stack, "slow", "restarting-worker", log)
    try:
        wait_until_mid_render(user, first, timeout=300)  # mid-batch
        assert (
            user.get(f"/api/generations/{second}").json()["generation"]["status"] == "processing"
        )  # claimed
        worker.send_signal(signal.SIGTERM)  # a rolling restart
        assert worker.wait(60) == 0, log.read_text()[-3000:]
    finally:
        if worker.poll() is None:
            worker.kill()
    done, given_back = stored(bare_stack, first), stored(bare_stack, second)
    assert done.status.value == "success"  # the batch in the model was finished
    assert given_back.status.value == "pending" and given_back.lease_owner is None
    assert (given_back.attempts, given_back.lease_seq) == (0, 1)  # the attempt was given back
