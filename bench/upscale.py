"""Time and peak memory of the print upscaler (Real-ESRGAN x4plus shapes, random weights: speed and
memory do not depend on the weight values), tiled as the worker runs it against one untiled pass in
the same process.

    python bench/upscale.py                          # CPU: 64 and 128 px inputs (x4plus is heavy on a CPU)
    python bench/upscale.py --sizes 512,1024         # on a CUDA machine (fp16): the service's real inputs
    python bench/upscale.py --sizes 512,1024 --untiled-max 1024 --out bench/upscale-gpu.json

The network is saved as safetensors and loaded through the worker's loader (`load_upscaler`), so the
production path is what is measured: tiles of UPSCALE_TILE px with UPSCALE_OVERLAP px of context,
fp16 on CUDA, fp32 on CPU. Time: wall and the process's CPU time of the fastest run. Peak memory: on CUDA torch's max_memory_allocated; on a CPU the process's
resident set, sampled every 5 ms, above what it held before the call. Prints ratios tiled / untiled.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))


class PeakRss:
    """The highest resident set size of this process while the block runs, above its size at the start."""

    def __init__(self) -> None:
        import psutil

        self.process = psutil.Process()
        self.peak = 0
        self._stop = threading.Event()

    def __enter__(self) -> PeakRss:
        self.start = self.process.memory_info().rss
        self.peak = self.start
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(0.005)

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)

    @property
    def above_start_mb(self) -> float:
        return (self.peak - self.start) / 2**20


def measure(upscaler: Any, picture: Any, repeats: int) -> dict[str, float]:
    import torch

    cuda = upscaler.device.startswith("cuda")
    upscaler.upscale_array(picture)  # warm-up (kernels, allocator)
    times, cpu = [], []
    if cuda:
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
        base = torch.cuda.memory_allocated()
    with PeakRss() as rss:
        for _ in range(repeats):
            start, start_cpu = time.perf_counter(), time.process_time()
            upscaler.upscale_array(picture)
            if cuda:
                torch.cuda.synchronize()
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    peak = (torch.cuda.max_memory_allocated() - base) / 2**20 if cuda else rss.above_start_mb
    # wall time and the process's CPU time (all threads) of the fastest run
    best = times.index(min(times))
    return {"seconds": round(times[best], 3), "cpu_seconds": round(cpu[best], 3), "peak_mb": round(peak, 1)}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="64,128", help="input sides in px, comma-separated")
    parser.add_argument("--device", default="auto")
    parser.add_argument("--tile", type=int, default=256)
    parser.add_argument("--overlap", type=int, default=32)
    parser.add_argument("--untiled-max", type=int, default=1024, help="largest side also run untiled")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: torch's default)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)

    import numpy as np
    import torch
    from safetensors.torch import save_file
    from spandrel.architectures.ESRGAN import ESRGAN

    from tortodelova.adapters.ml.device import resolve_device
    from tortodelova.adapters.ml.upscaler import load_upscaler

    if args.threads:
        torch.set_num_threads(args.threads)
    device = resolve_device(args.device)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "RealESRGAN_x4plus.safetensors"
        save_file(ESRGAN().state_dict(), str(path))  # x4plus shapes, random weights
        tiled = load_upscaler(
            path, "bench/x4plus-shapes", device=device, tile=args.tile, overlap=args.overlap
        )
        untiled = load_upscaler(path, "bench/x4plus-shapes", device=device, tile=10_000, overlap=0)
    rng = np.random.default_rng(0)
    gpu = torch.cuda.get_device_name() if device.startswith("cuda") else None
    report: dict[str, Any] = {
        "device": device,
        "gpu": gpu,
        "dtype": str(tiled.dtype).removeprefix("torch."),
        "torch_threads": torch.get_num_threads(),
        "tile": args.tile,
        "overlap": args.overlap,
        "results": [],
    }
    print(
        f"device {device} {gpu or ''} dtype {report['dtype']} threads {report['torch_threads']}", flush=True
    )
    for side in (int(s) for s in args.sizes.split(",")):
        picture = rng.integers(0, 256, (side, side, 3), dtype=np.uint8)
        row: dict[str, Any] = {"input_px": side, "output_px": side * 4}
        row["tiled"] = measure(tiled, picture, args.repeats)
        if side <= args.untiled_max:
            row["untiled"] = measure(untiled, picture, args.repeats)
            row["time_ratio_tiled_vs_untiled"] = round(row["tiled"]["seconds"] / row["untiled"]["seconds"], 3)
            if row["untiled"]["peak_mb"] > 0:
                row["memory_ratio_tiled_vs_untiled"] = round(
                    row["tiled"]["peak_mb"] / row["untiled"]["peak_mb"], 3
                )
        report["results"].append(row)
        print(json.dumps(row), flush=True)
        if args.out:
            args.out.write_text(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    main()
