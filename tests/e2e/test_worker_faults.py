"""Failures and crashes with real worker processes: no charge on failure, one debit after a crash."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.client import register_and_login
from tests.support.stack import ROOT, start_stack, stop_stack

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
    env = os.environ | {"LEASE_SECONDS": str(LEASE_SECONDS), "POLL_INTERVAL_SECONDS": "0.5", "LOG_LEVEL": "INFO"}
    for line in (stack.var_dir / "runtime.env").read_text().splitlines():
        key, value = line.split("=", 1)
        env[key] = value
    args = [sys.executable, str(ROOT / "tests/e2e/worker_with_faults.py"), mode, worker_id]
    if mode == "real":
        args = [sys.executable, "-m", "tortodelova.entrypoints.cli", "worker", "--id", worker_id]
    return subprocess.Popen(args, env=env, cwd=ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT)


def test_generator_failure_releases_the_reservation(bare_stack, tmp_path):
    user = register_and_login(bare_stack.base_url)
    gid = user.post("/api/generations", json={"prompt_ru": "Торт, который не получится", "style": "classic"}).json()[
        "generation"]["id"]
    assert user.balance()["reserved_credits"] == 10
    worker = spawn_worker(bare_stack, "fail", "failing-worker", tmp_path / "w.log")
    try:
        events = user.events(gid, timeout=120)
    finally:
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(30) == 0
    assert events[-1]["status"] == "failed" and "видеокарта недоступна" in events[-1]["error"]
    g = user.get(f"/api/generations/{gid}").json()["generation"]
    assert g["status"] == "failed" and g["credits_spent"] == 0 and g["public_url"] is None
    assert user.balance() == {"balance_credits": 30, "reserved_credits": 0, "available_credits": 30}
    kinds = [t["kind"] for t in user.get("/api/transactions").json()["items"]]
    assert kinds == ["bonus"]


def test_sigkilled_worker_job_is_finished_by_another_and_debited_once(bare_stack, tmp_path):
    user = register_and_login(bare_stack.base_url)
    gid = user.post("/api/generations", json={"prompt_ru": "Торт на выживание", "style": "wedding"}).json()[
        "generation"]["id"]
    doomed = spawn_worker(bare_stack, "slow", "doomed-worker", tmp_path / "doomed.log")
    try:
        g = user.wait_status(gid, {"processing"}, timeout=120)
        deadline = time.monotonic() + 60
        while g["progress"] <= 0 and time.monotonic() < deadline:  # mid-job: some steps done
            time.sleep(0.2)
            g = user.get(f"/api/generations/{gid}").json()["generation"]
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(10)
    finally:
        if doomed.poll() is None:
            doomed.kill()
    killed_at = time.monotonic()
    rescuer = spawn_worker(bare_stack, "real", "rescuer", tmp_path / "rescuer.log")
    try:
        g = user.wait_status(gid, {"success", "failed"}, timeout=180)
    finally:
        rescuer.send_signal(signal.SIGTERM)
        rescuer.wait(30)
    assert g["status"] == "success", (tmp_path / "rescuer.log").read_text()[-3000:]
    assert time.monotonic() - killed_at >= LEASE_SECONDS - 1  # it waited for the lease to expire
    txs = user.get("/api/transactions", params={"kind": "generation"}).json()
    assert txs["total"] == 1 and txs["items"][0]["amount"] == 10
    assert user.balance() == {"balance_credits": 20, "reserved_credits": 0, "available_credits": 20}
    admin_view = user.get(f"/api/generations/{gid}").json()["generation"]
    assert admin_view["credits_spent"] == 10
