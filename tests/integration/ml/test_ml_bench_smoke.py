"""`bench/generation.py --tiny` and `bench/upscale.py` on tiny inputs run end to end on the CPU (smoke
check of the GPU benchmarks)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_bench_generation_tiny(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench_generation", ROOT / "bench" / "generation.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "bench.json"
    result = module.main(["--tiny", "--batches", "1,2", "--steps", "2", "--repeats", "1", "--out", str(out)])
    saved = json.loads(out.read_text())
    assert saved == result
    for tag in ("worker", "plain"):
        assert set(result[tag]) == {"1", "2"}
        assert all(v["images_per_s"] > 0 for v in result[tag].values())
    assert set(result["ratio_worker_over_plain_images_per_s"]) == {"1", "2"}
    assert result["translate_beam4_1_prompt_ms"] > 0


def test_bench_generation_tiny_draft(tmp_path: Path) -> None:
    """--quality draft: the worker stage renders drafts through a random LoRA (LCM scheduler)."""
    spec = importlib.util.spec_from_file_location("bench_generation_draft", ROOT / "bench" / "generation.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "bench.json"
    argv = ["--tiny", "--quality", "draft", "--batches", "1", "--repeats", "1", "--stages", "generator"]
    result = module.main([*argv, "--no-png", "--out", str(out)])
    assert (result["quality"], result["steps"]) == ("draft", 4)
    assert result["worker"]["1"]["images_per_s"] > 0 and "worker_error" not in result


def test_bench_upscale_small(tmp_path: Path) -> None:
    """x4plus shapes on a 24 px picture, cut in four tiles: both passes timed, the ratios written."""
    spec = importlib.util.spec_from_file_location("bench_upscale", ROOT / "bench" / "upscale.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "upscale.json"
    report = module.main(
        ["--sizes", "24", "--tile", "16", "--overlap", "4", "--repeats", "1", "--out", str(out)]
    )
    assert json.loads(out.read_text()) == report
    [row] = report["results"]
    assert (row["input_px"], row["output_px"], report["dtype"]) == (24, 96, "float32")
    assert row["tiled"]["seconds"] > 0 and row["untiled"]["cpu_seconds"] > 0
    assert row["time_ratio_tiled_vs_untiled"] > 0
