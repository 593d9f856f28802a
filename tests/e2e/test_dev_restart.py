"""`tortodelova dev`: Ctrl-C stops every process it started, also in the middle of start-up, and the
data in VAR_DIR survives."""

from __future__ import annotations

import signal
import subprocess
import time

import httpx
import psutil
import pytest

from tests.e2e.client import login, register_and_login
from tests.support.stack import launch_stack, start_stack, stop_stack

pytestmark = pytest.mark.xdist_group("stack")


def on_var_dir(stack) -> list[psutil.Process]:  # noqa: ANN001
    """Live processes running on the stack's data (PostgreSQL, weed), wherever they sit in the tree."""
    found = []
    for p in psutil.process_iter(["cmdline", "status"]):
        if p.info["status"] != psutil.STATUS_ZOMBIE and any(
            str(stack.var_dir) in part for part in (p.info["cmdline"] or [])
        ):
            found.append(p)
    return found


def started_by(stack) -> list[psutil.Process]:  # noqa: ANN001
    """The supervisor's children (API, workers, weed) and the PostgreSQL server, which pg_ctl
    detaches from the tree but which runs on the stack's data directory."""
    procs = psutil.Process(stack.process.pid).children(recursive=True)
    return procs + [p for p in on_var_dir(stack) if p not in procs]


def test_ctrl_c_stops_everything_and_data_survives_a_restart(server_tmp):
    var = server_tmp / "restart-var"
    first = start_stack(var, {"DEV_WORKERS": "1"})
    try:
        children = started_by(first)
        names = {p.name() for p in children}
        commands = [" ".join(p.cmdline()) for p in children]
        assert {"postgres", "weed"} <= names, names
        assert any(c.endswith("cli.main serve") for c in commands), commands
        assert any(".cli.main worker" in c for c in commands), commands
        user = register_and_login(first.base_url, "keeper@example.com")
        user.buy("pack-30")
        secret = (var / "jwt_secret").read_text()
    finally:
        code = stop_stack(first)
    assert code == 0, first.log_tail()
    time.sleep(0.5)
    assert not [p for p in children if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]

    second = start_stack(var, {"DEV_WORKERS": "0"})
    try:
        assert (var / "jwt_secret").read_text() == secret
        again = login(
            httpx.Client(base_url=second.base_url, timeout=30), "keeper@example.com", "correct horse"
        )
        assert again.balance()["balance_credits"] == 30 + 30
        # the admin from the first start is still there and was not re-created
        login(httpx.Client(base_url=second.base_url, timeout=30), second.admin_email, second.admin_password)
        assert "admin created" not in second.log_path.read_text()
    finally:
        assert stop_stack(second) == 0


def test_ctrl_c_during_start_up_stops_at_once_and_leaves_nothing_running(server_tmp):
    stack = launch_stack(server_tmp / "interrupted-var", {"DEV_WORKERS": "1"})
    pid_file = stack.var_dir / "pg" / "pgdata" / "postmaster.pid"
    deadline = time.monotonic() + 120
    while not pid_file.exists() and stack.process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert pid_file.exists(), (
        stack.log_tail()
    )  # PostgreSQL is up; S3, migrations and the API are still to come
    stack.process.send_signal(signal.SIGINT)
    try:
        code = stack.process.wait(120)
    except subprocess.TimeoutExpired:
        stop_stack(stack)
        raise
    log = stack.log_path.read_text(errors="replace")
    assert code == 0, stack.log_tail()
    assert "остановка / stopping" in log
    assert "готов / ready" not in log  # start-up was cut short, not finished first
    assert not on_var_dir(stack)
    assert not pid_file.exists()  # PostgreSQL was shut down cleanly


def test_a_killed_supervisor_takes_its_children_and_the_next_start_recovers(server_tmp):
    var = server_tmp / "killed-var"
    first = start_stack(var, {"DEV_WORKERS": "1"})
    children = psutil.Process(first.process.pid).children(recursive=True)  # API, worker, weed
    assert {"weed"} <= {p.name() for p in children} and len(children) >= 3
    first.process.send_signal(signal.SIGKILL)
    first.process.wait(10)
    gone, alive = psutil.wait_procs(children, timeout=30)
    assert not alive, [" ".join(p.cmdline()) for p in alive]
    # PostgreSQL is a daemon (pg_ctl): it outlives the supervisor, and the next start takes it over.
    second = start_stack(var, {"DEV_WORKERS": "0"})
    try:
        assert httpx.get(f"{second.base_url}/api/ready", timeout=10).json()["database"]["status"] == "ok"
    finally:
        assert stop_stack(second) == 0
    time.sleep(0.5)
    assert not on_var_dir(second)
