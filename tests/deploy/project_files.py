"""Reading the deployment files the way Compose does: YAML, .env files and ${VAR} interpolation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO / "docker-compose.yml"
ENV_EXAMPLE = REPO / ".env.example"
DOCKERIGNORE = REPO / ".dockerignore"

# Services that run the tortodelova package and so receive the application's Settings.
APP_SERVICES = ("migrator", "backend", "worker")
# Names that hold credentials: they may only reach compose through interpolation from .env.
SECRET_NAME = re.compile(r"PASSWORD|SECRET|_KEY$|^DATABASE_URL$")

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def load_compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE_FILE.read_text())


@dataclass(frozen=True)
class EnvEntry:
    name: str
    value: str
    comment: str  # the comment line right above the assignment ("" if none)


def parse_env_file(path: Path) -> list[EnvEntry]:
    entries: list[EnvEntry] = []
    previous = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line:
            previous = ""
        elif line.startswith("#"):
            previous = line
        else:
            name, sep, value = line.partition("=")
            if not sep or not _NAME.fullmatch(name):
                raise ValueError(f"{path.name}: not NAME=value: {raw!r}")
            entries.append(EnvEntry(name, value, previous))
            previous = ""
    return entries


def interpolated_names(value: str) -> set[str]:
    """Variables that Compose substitutes in `value`: $NAME, ${NAME}, ${NAME:-default}, nested; $$ escapes."""
    names: set[str] = set()
    i = 0
    while i < len(value):
        if value.startswith("$$", i):
            i += 2
        elif value.startswith("${", i):
            end = _closing_brace(value, i + 2)
            inner = value[i + 2 : end]
            name = _NAME.match(inner)
            if name is None:
                raise ValueError(f"bad interpolation in {value!r}")
            names.add(name[0])
            names |= interpolated_names(inner[name.end() :])
            i = end + 1
        elif value[i] == "$" and (name := _NAME.match(value, i + 1)):
            names.add(name[0])
            i = name.end()
        else:
            i += 1
    return names


def _closing_brace(value: str, start: int) -> int:
    depth = 1
    for j in range(start, len(value)):
        if value.startswith("${", j):
            depth += 1
        elif value[j] == "}":
            depth -= 1
            if depth == 0:
                return j
    raise ValueError(f"unclosed ${{ in {value!r}")


def walk_strings(node: Any) -> list[str]:
    """Every string value (and mapping key) in a loaded YAML document."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in (*walk_strings(k), *walk_strings(v))]
    if isinstance(node, list):
        return [s for item in node for s in walk_strings(item)]
    return []
