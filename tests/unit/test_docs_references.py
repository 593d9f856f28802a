"""The repository is self-contained: no tracked file points at documents or paths outside it, and the
links of the Markdown docs lead to files that exist."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
THIS_FILE = Path(__file__).resolve().relative_to(REPO).as_posix()

OUTSIDE = {
    "the original contract next to the checkout (the project's own is docs/)": re.compile(
        r"shared/(?:API|DESIGN)\.md"
    ),
    "the design note, which became docs/ARCHITECTURE.md": re.compile(r"(?<![\w/])DESIGN\.md"),
    # `{tmp_path}/work/...` in a test is a temporary folder, not this machine's workspace.
    "an absolute path of the development machine": re.compile(r"(?<![\w}.~-])/work/"),
}
MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")


def tracked_files() -> list[str]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True, text=True
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.fail(f"needs a git checkout to list the tracked files: {exc}")
    return [name for name in listed.split("\0") if name]


def text_of(name: str) -> str | None:
    path = REPO / name
    if not path.is_file():  # deleted in the working tree, not yet committed
        return None
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:  # images and other binary files
        return None


def test_no_tracked_file_refers_outside_the_repository() -> None:
    files = [f for f in tracked_files() if f != THIS_FILE]
    assert len(files) > 50, files  # the listing really covers the project
    found = []
    for name in files:
        text = text_of(name)
        if text is None:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            found.extend(
                f"{name}:{number}: {what}: {line.strip()}" for what, rx in OUTSIDE.items() if rx.search(line)
            )
    assert found == [], "\n".join(found)


def test_the_patterns_catch_what_they_are_for() -> None:
    def hits(line: str) -> list[str]:
        return [what for what, rx in OUTSIDE.items() if rx.search(line)]

    assert hits("see ../shared/API.md") and hits("the five invariants of DESIGN.md")
    assert hits('Path("/work/main/.venv")') and hits("REST types (see /work/shared/API.md)")
    assert not hits("import { Spinner } from '../shared/ui/States';")
    assert not hits('f"anonymous set-json {tmp_path}/work/anonymous.json"')
    assert not hits("the invariants of docs/ARCHITECTURE.md; the contract in docs/API.md")


def test_markdown_links_stay_inside_the_repository_and_resolve() -> None:
    docs = [f for f in tracked_files() if f.endswith(".md") and not f.startswith("frontend/node_modules")]
    assert "docs/API.md" in docs and "README.md" in docs
    broken = []
    for name in docs:
        text = text_of(name)
        if text is None:
            continue
        for target in MARKDOWN_LINK.findall(text):
            if re.match(r"^[a-z][a-z0-9+.-]*:|^#", target):  # a URL or an anchor on the same page
                continue
            resolved = (REPO / name).parent.joinpath(target.split("#", 1)[0]).resolve()
            if not resolved.is_relative_to(REPO) or not resolved.exists():
                broken.append(f"{name}: ({target})")
    assert broken == [], "\n".join(broken)
