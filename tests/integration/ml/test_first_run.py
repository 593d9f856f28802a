"""First start against a local fake hub: the real huggingface_hub client, pointed at it by HF_ENDPOINT,
lists, sizes and downloads the tiny models; an interrupted file resumes with a Range request; too
little disk space, an unreachable hub and HF_HUB_OFFLINE all end in demo mode with one hint line."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.ml.conftest import TinyModels
from tests.support.fake_hub import FakeHub
from tortodelova.adapters.ml.engine import engine_kind
from tortodelova.adapters.ml.first_run import Hub, fetch_missing
from tortodelova.adapters.ml.models import check, generator_spec, locate, translator_spec
from tortodelova.devstack.net import free_port

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
    out = io.StringIO()
    assert engine_kind("auto", TRANSLATOR, GENERATOR, tmp_path) == "demo"

    assert fetch_missing(SPECS, tmp_path, out) is True

    text = out.getvalue()
    unet_size = (tiny_models.sd / UNET).stat().st_size
    assert f"from {hub.endpoint}" in text and "total" in text and "free there" in text
    assert f"{TRANSLATOR}" in text and f"{GENERATOR}" in text and "REAL mode" in text
    assert all(check(s, tmp_path).present for s in SPECS)
    got = locate(GENERATOR, tmp_path)
    assert got is not None and (got / UNET).read_bytes() == (tiny_models.sd / UNET).read_bytes()
    assert (got / UNET).stat().st_size == unet_size
    assert engine_kind("auto", TRANSLATOR, GENERATOR, tmp_path) == "real"
    # Only what the engine needs: the README-like extras of a repo are not fetched.
    assert not hub.downloads("model_index.json")[1:]  # fetched once

    # A second start finds everything and asks the hub nothing.
    before = len(hub.requests)
    assert fetch_missing(SPECS, tmp_path, io.StringIO()) is True
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
