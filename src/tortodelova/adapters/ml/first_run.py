"""First start: fetch the missing model weights from the Hugging Face hub when it answers.

`fetch_missing` is what `tortodelova dev` (and `tortodelova worker --pull`) run before loading the
engine. It never raises for network trouble: offline (HF_HUB_OFFLINE), a hub that does not answer
within a few seconds, a listing or download error, or too little free disk space all end with one
line naming `tortodelova models pull`, and the caller starts in demo mode.
Sizes come from the hub's recursive tree listing (the same listing snapshot_download uses); the
download itself is huggingface_hub's snapshot_download (progress bars; a partial file resumes with a
Range request). HF_ENDPOINT, HF_HUB_OFFLINE and HF_TOKEN are read when this runs.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from tortodelova.adapters.ml.models import PULL_COMMAND, ModelSpec, cache_root, check, human_size

PROBE_TIMEOUT_SECONDS = 3.0
DEFAULT_ENDPOINT = "https://huggingface.co"
_TRUE = ("1", "true", "yes", "on")


def hub_endpoint() -> str:
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def hub_offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in _TRUE


def hub_answers(endpoint: str, timeout: float = PROBE_TIMEOUT_SECONDS) -> bool:
    """True if the hub answers an HTTP request at all (any status) within `timeout` seconds."""
    request = urllib.request.Request(f"{endpoint}/api/models?limit=1", method="HEAD")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout):  # noqa: S310 - the configured hub
            return True
    except urllib.error.HTTPError:
        return True  # it answered, if only with an error status
    except (OSError, ValueError):
        return False


def disk_free(path: Path) -> int:
    """Free bytes on the file system that will hold `path` (its nearest existing parent)."""
    probe = path
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    return shutil.disk_usage(probe).free


@dataclass(frozen=True, slots=True)
class DownloadPlan:
    spec: ModelSpec
    files: tuple[tuple[str, int], ...]  # (path in the repo, size in bytes)

    @property
    def total_bytes(self) -> int:
        return sum(size for _, size in self.files)

    @property
    def allow_patterns(self) -> list[str]:
        return [path for path, _ in self.files]


def plan(spec: ModelSpec, listing: Sequence[tuple[str, int]]) -> DownloadPlan:
    """The files of `listing` that `spec` needs: the common files, then the first weight alternative
    whose every pattern is in the repo."""

    def matching(patterns: Sequence[str]) -> list[tuple[str, int]]:
        return [(p, s) for p, s in listing if any(fnmatch.fnmatch(p, pat) for pat in patterns)]

    def complete(patterns: Sequence[str]) -> bool:
        return all(any(fnmatch.fnmatch(p, pat) for p, _ in listing) for pat in patterns)

    weights = next((w for w in spec.weight_patterns if complete(w)), None)
    if weights is None:
        raise LookupError(f"{spec.model_id}: the repository has none of the expected weight files")
    return DownloadPlan(spec, tuple(matching([*spec.common_patterns, *weights])))


def list_files(model_id: str, endpoint: str, revision: str = "main") -> list[tuple[str, int]]:
    from huggingface_hub import HfApi
    from huggingface_hub.hf_api import RepoFile

    tree = HfApi(endpoint=endpoint).list_repo_tree(model_id, recursive=True, revision=revision)
    return [(f.path, f.size) for f in tree if isinstance(f, RepoFile)]


def download(plan_: DownloadPlan, cache_dir: Path, endpoint: str) -> None:
    from huggingface_hub import snapshot_download

    snapshot_download(
        repo_id=plan_.spec.model_id,
        allow_patterns=plan_.allow_patterns,
        cache_dir=str(cache_dir),
        endpoint=endpoint,
        max_workers=8,
    )


@dataclass(frozen=True, slots=True)
class Hub:
    """The seams: how the hub is probed, listed and downloaded from, and how free space is measured."""

    answers: Callable[[str], bool] = hub_answers
    list_files: Callable[[str, str], list[tuple[str, int]]] = list_files
    download: Callable[[DownloadPlan, Path, str], None] = download
    free_bytes: Callable[[Path], int] = disk_free


DEMO_NOW = "starting in DEMO mode"


def _later(out: TextIO, reason: str, meanwhile: str = DEMO_NOW) -> bool:
    print(f"{reason}: {meanwhile}; fetch the models later with `{PULL_COMMAND}`.", file=out, flush=True)
    return False


def fetch_missing(
    specs: Sequence[ModelSpec],
    cache_dir: str | os.PathLike[str] | None,
    out: TextIO,
    hub: Hub = Hub(),  # noqa: B008 - frozen, stateless
    meanwhile: str = DEMO_NOW,
) -> bool:
    """Fetch whichever of `specs` is missing locally. True when all are present afterwards. On any
    failure one hint line says what happens `meanwhile` (an optional model must not claim demo mode)."""
    missing = [
        s for s in specs if not Path(s.model_id).expanduser().is_dir() and not check(s, cache_dir).present
    ]
    if not missing:
        return all(check(s, cache_dir).present for s in specs)
    if hub_offline():
        return _later(out, "Model weights missing and HF_HUB_OFFLINE is set", meanwhile)
    endpoint = hub_endpoint()
    if not hub.answers(endpoint):
        reason = f"Model weights missing and the Hugging Face hub ({endpoint}) does not answer"
        return _later(out, reason, meanwhile)
    root = cache_root(cache_dir)
    try:
        plans = [plan(s, hub.list_files(s.model_id, endpoint)) for s in missing]
    except Exception as exc:  # noqa: BLE001 - any listing failure means: demo now, pull later
        return _later(out, f"Could not list the model files on {endpoint} ({exc})", meanwhile)
    total = sum(p.total_bytes for p in plans)
    free = hub.free_bytes(root)
    print(f"First start: downloading the models from {endpoint} into {root}", file=out)
    for p in plans:
        print(
            f"  {p.spec.role:<10} {p.spec.model_id:<32} {len(p.files):>3} files  {human_size(p.total_bytes):>10}",
            file=out,
        )
    print(f"  total {human_size(total)}, free there {human_size(free)}", file=out, flush=True)
    if free < total:
        return _later(
            out,
            f"Not enough disk space in {root} (need {human_size(total)}, free {human_size(free)})",
            meanwhile,
        )
    try:
        for p in plans:
            hub.download(p, root, endpoint)
    except Exception as exc:  # noqa: BLE001 - a failed download leaves resumable partial files
        return _later(out, f"Download failed ({type(exc).__name__}: {exc})", meanwhile)
    incomplete = [s.model_id for s in missing if not check(s, root).present]
    if incomplete:
        return _later(out, f"Download incomplete for {', '.join(incomplete)}", meanwhile)
    print(
        "Models ready: starting in REAL mode." if meanwhile == DEMO_NOW else "Models ready.",
        file=out,
        flush=True,
    )
    return True
