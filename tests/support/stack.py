"""Starts the service the way `make dev` does (`tortodelova dev`) in a temporary VAR_DIR."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil

from tortodelova.devstack.net import free_port

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class RunningStack:
    base_url: str
    var_dir: Path
    admin_email: str
    admin_password: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def env_file(self, name: str) -> str:
        return (self.var_dir / name).read_text()

    def log_tail(self, lines: int = 80) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def launch_stack(var_dir: Path, extra_env: dict[str, str] | None = None) -> RunningStack:
    """`tortodelova dev` started, not yet waited for."""
    port = free_port()
    admin_email, admin_password = "admin@example.com", "admin-password-123"
    env = (
        os.environ
        | {
            "VAR_DIR": str(var_dir),
            "PORT": str(port),
            "HOST": "127.0.0.1",
            "ADMIN_EMAIL": admin_email,
            "ADMIN_PASSWORD": admin_password,
            "ML_ENGINE": "demo",
            "LOG_FORMAT": "json",
            "AUTH_RATE_LIMIT_PER_MINUTE": "1000",
            "FRONTEND_DIST": str(ROOT / "frontend" / "dist"),
        }
        | (extra_env or {})
    )
    for name in ("DATABASE_URL", "S3_ENDPOINT", "JWT_SECRET"):
        env.pop(name, None)
    var_dir.mkdir(parents=True, exist_ok=True)
    log_path = var_dir / "dev.log"
    with log_path.open("wb") as log:  # the child keeps its own descriptor
        proc = subprocess.Popen(
            [sys.executable, "-m", "tortodelova.entrypoints.cli.main", "dev"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            start_new_session=True,
        )
    return RunningStack(f"http://127.0.0.1:{port}", var_dir, admin_email, admin_password, proc, log_path)


def start_stack(var_dir: Path, extra_env: dict[str, str] | None = None, timeout: float = 240) -> RunningStack:
    """`tortodelova dev` answering on its own port. The port is picked before the API binds it, so
    another test's server may take it in between: then that server would answer /api/health, and
    ours exits on the bind; a fresh port is tried (the same VAR_DIR, as a restart would)."""
    for _attempt in range(3):
        stack = launch_stack(var_dir, extra_env)
        if _ready(stack, timeout):
            return stack
    raise RuntimeError(f"tortodelova dev found no free port in 3 tries:\n{stack.log_tail()}")


def _ready(stack: RunningStack, timeout: float) -> bool:
    """True when our API answers on its port; False when the port was taken by another server."""
    proc, port = stack.process, int(stack.base_url.rsplit(":", 1)[1])
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            if "address already in use" in stack.log_path.read_text(errors="replace"):
                return False
            raise RuntimeError(f"tortodelova dev exited with {proc.returncode}:\n{stack.log_tail()}")
        try:
            if _listens(proc.pid, port) and (
                httpx.get(f"{stack.base_url}/api/health", timeout=2).status_code == 200
            ):
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    stop_stack(stack)
    raise RuntimeError(f"tortodelova dev did not answer /api/health in {timeout} s:\n{stack.log_tail()}")


def _listens(pid: int, port: int) -> bool:
    """Whether one of `pid`'s processes listens on `port` (whatever the log level lets it say)."""
    try:
        tree = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return False
    for process in tree:
        try:
            if any(
                c.status == psutil.CONN_LISTEN and c.laddr.port == port
                for c in process.net_connections(kind="tcp")
            ):
                return True
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return False


def stop_stack(stack: RunningStack, timeout: float = 60) -> int:
    if stack.process.poll() is None:
        stack.process.send_signal(signal.SIGINT)
        try:
            stack.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(stack.process.pid, signal.SIGKILL)
            stack.process.wait()
    return stack.process.returncode
