"""First start against a local fake hub: the real huggingface_hub client, pointed at it by HF_ENDPOINT,
lists, sizes and downloads the tiny models; an interrupted file resumes with a Range request; too
little disk space, an unreachable hub and HF_HUB_OFFLINE all end in demo mode with one hint line."""

from __future__ import annotations

import dataclasses
import io
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.integration.ml.conftest import TinyModels
from tests.support.fake_hub import FakeHub
from tests.support.stack import start_stack, stop_stack
from tortodelova.adapters.ml.engine import engine_kind
from tortodelova.adapters.ml.first_run import Hub, fetch_missing
from tortodelova.adapters.ml.models import (
    check,
    generator_spec,
    human_size,
    locate,
    taesd_spec,
    translator_spec,
)
from tortodelova.devstack.net import free_port
from tortodelova.entrypoints.config.settings import Settings
from tortodelova.entrypoints.ioc.ml_engine import build_upscaler, fetch_models, upscale_available

TRANSLATOR = "tiny/opus-mt-ru-en"
GENERATOR = "tiny/dreamshaper"
UNET = "unet/diffusion_pytorch_model.safetensors"
SPECS = (translator_spec(TRANSLATOR), generator_spec(GENERATOR))


@pytest.fixture
def hub(tiny_models: TinyModels, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHub]:
    fake = FakeHub({TRANSLATOR: tiny_models.marian, GENERATOR: tiny_models.sd}).start()
    monkeypatch.setenv("HF_ENDPOINT", fake.endpoint)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    yield fake
    fake.stop()


def _hint_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if "tortodelova models pull" in line]


def test_first_start_downloads_both_models_and_the_engine_turns_real(
    hub: FakeHub, tiny_models: TinyModels, tmp_path: Path
) -> None:
    # The served repo also holds files the engine does not need, as the real DreamShaper repo does.
    repo = tmp_path / "repo"
    shutil.copytree(tiny_models.sd, repo)
    (repo / "README.md").write_text("# tiny dreamshaper\n")
    (repo / "dreamshaper_8.safetensors").write_bytes(b"\0" * 4096)  # the single-file checkpoint
    hub.repos[GENERATOR] = repo
    cache = tmp_path / "cache"
    needed = sum(p.stat().st_size for p in tiny_models.sd.rglob("*") if p.is_file())
    out = io.StringIO()
    assert engine_kind("auto", TRANSLATOR, GENERATOR, cache) == "demo"

    assert fetch_missing(SPECS, cache, out) is True

    text = out.getvalue()
    assert f"from {hub.endpoint} into {cache}" in text and "free there" in text
    [generator_line] = [line for line in text.splitlines() if GENERATOR in line]
    assert generator_line.split()[-4:] == ["10", "files", *human_size(needed).split()]
    assert TRANSLATOR in text and "REAL mode" in text
    assert all(check(s, cache).present for s in SPECS)
    got = locate(GENERATOR, cache)
    assert got is not None and (got / UNET).read_bytes() == (tiny_models.sd / UNET).read_bytes()
    assert engine_kind("auto", TRANSLATOR, GENERATOR, cache) == "real"
    # Only what the engine needs, each file once.
    fetched = [r.path for r in hub.requests if r.method == "GET" and "/resolve/" in r.path]
    assert not [p for p in fetched if p.endswith(("README.md", "dreamshaper_8.safetensors"))]
    assert len(fetched) == len(set(fetched))
    assert len([p for p in fetched if p.startswith(f"/{GENERATOR}/")]) == 10  # the tiny repo's 10 files

    # A second start finds everything and asks the hub nothing.
    before = len(hub.requests)
    assert fetch_missing(SPECS, cache, io.StringIO()) is True
    assert len(hub.requests) == before


def test_a_download_cut_off_halfway_resumes_with_a_range_request(
    hub: FakeHub, tiny_models: TinyModels, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from huggingface_hub import constants

    # The client writes to disk in 10 MiB chunks: a real 1.7 GiB UNet has written many before a cut,
    # the 1.4 MiB tiny one none. Smaller chunks give the tiny file the same shape.
    monkeypatch.setattr(constants, "DOWNLOAD_CHUNK_SIZE", 64 * 1024)
    hub.drop_once.add(f"{GENERATOR}/{UNET}")

    assert fetch_missing(SPECS, tmp_path, io.StringIO()) is True

    first, second = hub.downloads(UNET)
    assert first.range is None
    assert second.range is not None and second.range.startswith("bytes=")
    resumed_at = int(second.range.removeprefix("bytes=").split("-")[0])
    size = (tiny_models.sd / UNET).stat().st_size
    assert 0 < resumed_at < size
    got = locate(GENERATOR, tmp_path)
    assert got is not None and (got / UNET).read_bytes() == (tiny_models.sd / UNET).read_bytes()


def test_too_little_free_space_downloads_nothing_and_stays_demo(hub: FakeHub, tmp_path: Path) -> None:
    out = io.StringIO()
    seen: list[Path] = []

    def tiny_disk(path: Path) -> int:
        seen.append(path)
        return 1024

    assert fetch_missing(SPECS, tmp_path, out, Hub(free_bytes=tiny_disk)) is False

    assert seen == [tmp_path]
    assert [r for r in hub.requests if "/resolve/" in r.path] == []
    [hint] = _hint_lines(out.getvalue())
    assert "Not enough disk space" in hint and "DEMO" in hint
    assert engine_kind("auto", TRANSLATOR, GENERATOR, tmp_path) == "demo"


def test_an_unreachable_hub_starts_demo_quickly_with_one_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    endpoint = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    monkeypatch.setenv("HF_ENDPOINT", endpoint)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    out = io.StringIO()

    started = time.monotonic()
    assert fetch_missing(SPECS, tmp_path, out) is False

    assert time.monotonic() - started < 5
    assert out.getvalue().count("\n") == 1
    [hint] = _hint_lines(out.getvalue())
    assert endpoint in hint and "does not answer" in hint


def test_offline_mode_does_not_touch_the_hub(
    hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    out = io.StringIO()

    assert fetch_missing(SPECS, tmp_path, out) is False

    assert hub.requests == []
    [hint] = _hint_lines(out.getvalue())
    assert "HF_HUB_OFFLINE" in hint


def _worker_env(tmp_path: Path, endpoint: str, **env: str) -> dict[str, str]:
    """`tortodelova worker` on the tiny model ids, against an unreachable database: these tests are
    about what happens before the worker loop (the models come first)."""
    inherited = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "ML_AUTO_PULL")}
    return inherited | {
        "HF_ENDPOINT": endpoint,
        "MODELS_DIR": str(tmp_path / "cache"),
        "TRANSLATOR_MODEL": TRANSLATOR,
        "GENERATOR_MODEL": GENERATOR,
        "ML_DEVICE": "auto",
        "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
        "S3_ENDPOINT": "http://127.0.0.1:1",
        **env,
    }


WORKER = [sys.executable, "-m", "tortodelova.entrypoints.cli.main", "worker"]


def test_worker_with_pull_fetches_the_weights_and_loads_the_real_engine(hub: FakeHub, tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [*WORKER, "--pull"],
        env=_worker_env(tmp_path, hub.endpoint, ML_ENGINE="real"),
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    try:
        assert proc.stderr is not None
        deadline = time.monotonic() + 180
        for line in proc.stderr:  # until the engine is up; the worker then waits for its database
            lines.append(line)
            if "ML engine ready" in line or time.monotonic() > deadline:
                break
    finally:
        proc.kill()
        proc.wait()
    log = "".join(lines)
    assert "First start: downloading the models" in log and "REAL mode" in log, log[-3000:]
    assert "ML device: cpu, dtype float32" in log, log[-3000:]
    assert f"ML engine ready: {GENERATOR}" in log, log[-3000:]
    assert "DEMO" not in log
    assert engine_kind("auto", TRANSLATOR, GENERATOR, tmp_path / "cache") == "real"


def test_worker_with_pull_and_no_hub_keeps_todays_refusal_with_the_hint(tmp_path: Path) -> None:
    endpoint = f"http://127.0.0.1:{free_port()}"
    result = subprocess.run(
        WORKER,
        env=_worker_env(tmp_path, endpoint, ML_ENGINE="real", ML_AUTO_PULL="true"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 3, result.stderr[-3000:]
    assert f"Hugging Face hub ({endpoint}) does not answer" in result.stderr
    assert "tortodelova models pull" in result.stderr


def test_demo_engine_never_probes_the_hub(hub: FakeHub, tmp_path: Path) -> None:
    settings = Settings(
        ml_engine="demo", translator_model=TRANSLATOR, generator_model=GENERATOR, models_dir=str(tmp_path)
    )
    assert fetch_models(settings, io.StringIO()) is False
    assert hub.requests == []

    assert fetch_models(dataclasses.replace(settings, ml_engine="auto"), io.StringIO()) is True
    assert engine_kind("auto", TRANSLATOR, GENERATOR, tmp_path) == "real"


def test_first_start_also_fetches_the_previews_taesd_and_does_without_it(
    hub: FakeHub, tiny_models: TinyModels, tmp_path: Path
) -> None:
    hub.repos["tiny/taesd"] = tiny_models.taesd
    settings = Settings(
        ml_engine="auto",
        translator_model=TRANSLATOR,
        generator_model=GENERATOR,
        preview_decoder="tiny/taesd",
        models_dir=str(tmp_path / "with"),
    )
    assert fetch_models(settings, io.StringIO()) is True
    assert check(taesd_spec("tiny/taesd"), tmp_path / "with").present
    # A hub without the decoder: the engine still turns real (previews then use the linear approximation).
    without = dataclasses.replace(
        settings, preview_decoder="tiny/not-on-the-hub", models_dir=str(tmp_path / "without")
    )
    assert fetch_models(without, io.StringIO()) is True
    assert engine_kind("auto", TRANSLATOR, GENERATOR, tmp_path / "without") == "real"


def test_first_start_also_fetches_the_upscaler_weights_and_the_worker_loads_them(
    hub: FakeHub, tmp_path: Path
) -> None:
    from safetensors.torch import save_file

    from tortodelova.adapters.ml.upscaler import tiny_esrgan_state

    repo = tmp_path / "esrgan-repo"
    repo.mkdir()
    save_file(tiny_esrgan_state(), str(repo / "RealESRGAN_x4plus.safetensors"))
    hub.repos["tiny/esrgan"] = repo
    settings = Settings(
        ml_engine="auto",
        translator_model=TRANSLATOR,
        generator_model=GENERATOR,
        upscaler_model="tiny/esrgan",
        models_dir=str(tmp_path / "models"),
    )
    assert not upscale_available(dataclasses.replace(settings, ml_engine="real"))  # nothing pulled yet
    assert fetch_models(settings, io.StringIO()) is True
    assert upscale_available(settings)
    upscaler = build_upscaler(settings)  # a real engine: the pulled file, through the production loader
    assert upscaler.model_id == "tiny/esrgan" and not upscaler.is_demo
    assert upscaler.model.architecture.name == "ESRGAN"


@pytest.mark.xdist_group("stack")
def test_dev_first_start_fetches_the_models_and_runs_real(
    hub: FakeHub, tmp_path: Path, server_tmp: Path
) -> None:
    """`tortodelova dev` with no weights and the hub answering: download, then API and worker real."""
    cache = tmp_path / "cache"
    env = {
        "ML_ENGINE": "auto",
        "HF_ENDPOINT": hub.endpoint,
        "MODELS_DIR": str(cache),
        "TRANSLATOR_MODEL": TRANSLATOR,
        "GENERATOR_MODEL": GENERATOR,
    }
    # Not under tmp_path: as root the embedded PostgreSQL runs as an unprivileged user, and pytest's
    # basetemp is 0700 (tests/conftest.py's server_tmp is readable by it).
    stack = start_stack(server_tmp / "first-run-var", env)
    try:
        ready = httpx.get(f"{stack.base_url}/api/ready", timeout=60).json()
        deadline = time.monotonic() + 300  # the worker loads the models after the API is up
        while f"ML engine ready: {GENERATOR}" not in stack.log_tail(400) and time.monotonic() < deadline:
            time.sleep(1)
        log = stack.log_tail(400)
    finally:
        stop_stack(stack)
    assert "First start: downloading the models" in log and "REAL mode" in log, log
    assert f"ML engine ready: {GENERATOR}" in log, log
    assert "DEMO MODE" not in log
    assert ready["ml_engine"]["mode"] == "real", ready
    assert engine_kind("auto", TRANSLATOR, GENERATOR, cache) == "real"
