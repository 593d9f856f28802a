"""Just enough of Dockerfile and .dockerignore semantics to check the images without building them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from tests.deploy.project_files import DOCKERIGNORE


@dataclass
class Stage:
    base: str  # the FROM image with build ARGs resolved
    name: str | None
    instructions: list[tuple[str, str]] = field(default_factory=list)  # (INSTRUCTION, arguments)


def parse_dockerfile(path: Path) -> list[Stage]:
    text = re.sub(r"\\\n", " ", path.read_text())  # join continuation lines
    args: dict[str, str] = {}
    stages: list[Stage] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        instruction, _, rest = line.partition(" ")
        instruction = instruction.upper()
        if instruction == "ARG" and not stages:
            name, _, default = rest.partition("=")
            args[name.strip()] = default.strip()
        elif instruction == "FROM":
            words = rest.split()
            base = re.sub(r"\$\{?(\w+)\}?", lambda m: args.get(m[1], m[0]), words[0])
            name = words[2] if len(words) > 2 and words[1].upper() == "AS" else None
            stages.append(Stage(base=base, name=name))
        elif stages:
            stages[-1].instructions.append((instruction, rest))
    return stages


def copy_sources(stage: Stage) -> list[str]:
    """Build-context paths copied by COPY/ADD in a stage (copies from other stages are skipped)."""
    sources: list[str] = []
    for instruction, rest in stage.instructions:
        if instruction not in ("COPY", "ADD"):
            continue
        words = rest.split()
        if any(w.startswith("--from=") for w in words):
            continue
        sources += [w for w in words if not w.startswith("--")][:-1]
    return sources


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        elif pattern[i] == "[":
            end = pattern.index("]", i)
            out, i = out + pattern[i : end + 1], end + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out)


def dockerignore_excludes(relative_path: str, ignore_file: Path = DOCKERIGNORE) -> bool:
    """Whether Docker leaves `relative_path` out of the build context: the last matching pattern wins,
    and a pattern that matches a parent directory matches everything below it."""
    excluded = False
    parts = relative_path.strip("/").split("/")
    for raw in ignore_file.read_text().splitlines():
        pattern = raw.strip()
        if not pattern or pattern.startswith("#"):
            continue
        negated = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        regex = _pattern_regex(pattern)
        depth = pattern.count("/") + 1
        candidates = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
        if any(regex.fullmatch(c) for c in candidates if "**" in pattern or c.count("/") + 1 <= depth):
            excluded = not negated
    return excluded
