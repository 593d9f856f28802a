"""What live previews cost: denoising steps with and without previews, in the same process.

    python bench/previews.py                       # CPU, batches of 1 and 4, 512x512, 13 steps
    python bench/previews.py --device cuda --batch 1 4 8 --repeats 5
    python bench/previews.py --threads 1 --repeats 5   # steadier CPU times on a shared machine

Times are the process's CPU time (time.process_time, all threads) on the CPU, not wall time: on a
shared machine wall time mostly measures the neighbours (load average above 10 on 2 cores made a
tiny-model step take anywhere from 0.06 to 2 s). On CUDA, wall time after a synchronize.

Two measurements:
1. The demo engine (tiny random models of the production classes) renders the same jobs with and
   without an `on_preview` callback, alternating the two so that load drifts hit both alike; the
   figure is the median time per denoising step and the ratio with/without. Previews every
   PREVIEW_EVERY steps, decoded by its tiny TAESD.
2. The decoders alone on latents of a 512x512 image: the linear approximation and TAESD at its real
   size (AutoencoderTiny's default architecture, random weights: the same work as madebyollin/taesd),
   JPEG and base64 included. Divided by PREVIEW_EVERY this is the cost a real render pays per step,
   to be set against the real UNet's step time (bench/RESULTS.md).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from tortodelova.adapters.ml.engine import build_demo_engine  # noqa: E402
from tortodelova.adapters.ml.previews import PREVIEW_EVERY, LatentPreviewer  # noqa: E402
from tortodelova.application.ports.ml import ImageJob  # noqa: E402
from tortodelova.domain.batch_key import BatchKey  # noqa: E402


def render_seconds_per_step(generator, batch: int, steps: int, with_previews: bool) -> float:  # noqa: ANN001
    jobs = [
        ImageJob(uuid.uuid4(), "cake", "blurry", seed, BatchKey(512, 512, steps, 7.0))
        for seed in range(batch)
    ]
    count = [0]

    def on_preview(index: int, uri: str) -> None:
        count[0] += 1

    clock = _clock(generator.device)
    began = clock()
    generator.generate(jobs, None, on_preview if with_previews else None)
    elapsed = clock() - began
    if with_previews:
        assert count[0] == batch * ((steps - 1) // PREVIEW_EVERY), count[0]
    return elapsed / steps


def decoder_ms(previewer: LatentPreviewer, batch: int, device: str, repeats: int) -> float:
    import torch

    latents = torch.randn(batch, 4, 64, 64, device=device)
    previewer(latents)  # warm-up
    clock = _clock(device)
    times = []
    for _ in range(repeats):
        began = clock()
        previewer(latents)
        times.append(clock() - began)
    return statistics.median(times) * 1000


def _clock(device: str):  # noqa: ANN202
    if not device.startswith("cuda"):
        return time.process_time
    import torch

    def synced() -> float:
        torch.cuda.synchronize()
        return time.perf_counter()

    return synced


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--batch", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--steps", type=int, default=13)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: torch's default)")
    args = parser.parse_args()

    import torch
    from diffusers import AutoencoderTiny

    if args.threads:
        torch.set_num_threads(args.threads)  # one thread: no OpenMP spin-waiting counted as CPU time

    _, generator = build_demo_engine(device=args.device)
    print(
        f"device {args.device}, torch threads {torch.get_num_threads()}, previews every {PREVIEW_EVERY} steps"
    )
    print("1) demo engine, 512x512, median ms per denoising step (CPU time on the CPU)")
    print("| batch | without previews | with previews | ratio |")
    print("|---:|---:|---:|---:|")
    for batch in args.batch:
        render_seconds_per_step(generator, batch, args.steps, True)  # warm-up
        plain, previewed = [], []
        for _ in range(args.repeats):  # alternate: load drifts hit both
            plain.append(render_seconds_per_step(generator, batch, args.steps, False))
            previewed.append(render_seconds_per_step(generator, batch, args.steps, True))
        a, b = statistics.median(plain) * 1000, statistics.median(previewed) * 1000
        print(f"| {batch} | {a:.1f} | {b:.1f} | {b / a:.3f} |")

    taesd = AutoencoderTiny().to(args.device).eval()  # madebyollin/taesd's architecture
    decoders = {"linear": LatentPreviewer(), "TAESD (full size)": LatentPreviewer(taesd)}
    print("2) one preview of a 512x512 batch (decode + JPEG + base64), median ms; per step = / PREVIEW_EVERY")
    print("| decoder | batch | per preview | per step |")
    print("|---|---:|---:|---:|")
    for name, previewer in decoders.items():
        for batch in args.batch:
            ms = decoder_ms(previewer, batch, args.device, max(5, args.repeats))
            print(f"| {name} | {batch} | {ms:.1f} | {ms / PREVIEW_EVERY:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
