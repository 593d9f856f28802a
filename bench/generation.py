"""Throughput and latency of the worker's image generator against a plain diffusers pipeline,
and of the translator, with random weights in the production shapes (speed does not depend on the
weight values).

    python bench/generation.py               # full size, on a CUDA machine: SD 1.5 / DreamShaper 8 shapes
    python bench/generation.py --compile     # also torch.compile + fused QKV (counts the warm-up)
    python bench/generation.py --tiny        # CPU smoke check of this script (tiny models)
    python bench/generation.py --graphs --stages generator --batches 1,8 --no-png --plain-last
                                             # worker eager vs worker with CUDA graphs vs plain
    python bench/generation.py --quality draft --stages generator
                                             # «Черновик»: a random LoRA in the LCM-LoRA's shape
                                             # (rank 64), LCM scheduler, 4 steps, guidance 1

--quality draft renders the worker stages' jobs as drafts (the LoRA loaded with the production
loader, `draft_lora`); the plain baseline stays the base pipeline with the same step count.

The random SD-1.5-shaped pipeline is saved with save_pretrained (fp16 variant on CUDA) and loaded
through the worker's production loader (`DiffusersImageGenerator.load`), so its real loading and
configuration path is what is measured. The plain baseline is the same files loaded with
`StableDiffusionPipeline.from_pretrained` and default settings, same sampler, PNG-encoded with PIL's
defaults. Results are printed and written as JSON after every stage (--out).
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

PROMPT = (
    "two-tier wedding cake with fondant, sugar flowers and mirror glaze, elegant multi-tier wedding cake, "
    "white and pastel tones, professional food photography, studio lighting"
)
NEGATIVE = "lowres, blurry, deformed, watermark, text"

SD15_UNET = dict(
    sample_size=64,
    block_out_channels=(320, 640, 1280, 1280),
    layers_per_block=2,
    cross_attention_dim=768,
    down_block_types=("CrossAttnDownBlock2D",) * 3 + ("DownBlock2D",),
    up_block_types=("UpBlock2D",) + ("CrossAttnUpBlock2D",) * 3,
    attention_head_dim=8,
)
SD15_VAE = dict(
    block_out_channels=(128, 256, 512, 512),
    down_block_types=("DownEncoderBlock2D",) * 4,
    up_block_types=("UpDecoderBlock2D",) * 4,
    layers_per_block=2,
    latent_channels=4,
    sample_size=512,
)
SD15_CLIP = dict(
    hidden_size=768,
    intermediate_size=3072,
    num_hidden_layers=12,
    num_attention_heads=12,
    vocab_size=49408,
    max_position_embeddings=77,
    projection_dim=768,
    hidden_act="quick_gelu",
)
OPUS_MT_RU_EN = dict(
    vocab_size=62518,
    d_model=512,
    encoder_layers=6,
    decoder_layers=6,
    encoder_attention_heads=8,
    decoder_attention_heads=8,
    encoder_ffn_dim=2048,
    decoder_ffn_dim=2048,
    pad_token_id=62517,
    decoder_start_token_id=62517,
    eos_token_id=0,
    max_position_embeddings=512,
)


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        import torch

        self.args = args
        self.torch = torch
        self.cuda = torch.cuda.is_available() and not args.cpu
        self.device = "cuda" if self.cuda else "cpu"
        self.dtype = torch.float16 if self.cuda else torch.float32
        self.t0 = time.perf_counter()
        self.images: dict[str, dict[int, list[bytes]]] = {}  # tag -> batch -> last PNGs
        self.R: dict[str, Any] = {
            "date": time.strftime("%Y-%m-%d"),
            "device": torch.cuda.get_device_name() if self.cuda else "cpu",
            "torch": torch.__version__,
            "tiny": args.tiny,
            "steps": args.steps,
            "quality": args.quality,
            "guidance": args.guidance,
        }
        import diffusers
        import transformers

        self.R["diffusers"] = diffusers.__version__
        self.R["transformers"] = transformers.__version__

    # --- helpers ---------------------------------------------------------------------------------

    def elapsed(self) -> float:
        return time.perf_counter() - self.t0

    def sync(self) -> None:
        if self.cuda:
            self.torch.cuda.synchronize()

    def timeit(self, fn: Any, n: int, warm: int = 1) -> float:
        for _ in range(warm):
            fn()
        times = []
        for _ in range(n):
            self.sync()
            t = time.perf_counter()
            fn()
            self.sync()
            times.append(time.perf_counter() - t)
        return statistics.median(times)

    def save(self) -> None:
        self.R["elapsed_s"] = round(self.elapsed(), 1)
        if self.args.out:
            Path(self.args.out).write_text(json.dumps(self.R, indent=1))

    def free(self) -> None:
        import gc

        gc.collect()
        if self.cuda:
            self.torch.cuda.empty_cache()

    def log(self, *parts: Any) -> None:
        print(f"[{self.elapsed():6.1f}s]", *parts, flush=True)

    # --- models ------------------------------------------------------------------------------------

    def build_sd(self, path: Path) -> None:
        """A random-weight pipeline in the benchmark's shapes, saved like a downloaded model."""
        torch = self.torch
        t = time.perf_counter()
        if self.args.tiny:
            from tortodelova.adapters.ml.tiny import build_tiny_sd_pipeline

            pipe = build_tiny_sd_pipeline()
            pipe.save_pretrained(path)
        else:
            from diffusers import (
                AutoencoderKL,
                DPMSolverMultistepScheduler,
                StableDiffusionPipeline,
                UNet2DConditionModel,
            )
            from transformers import CLIPTextConfig, CLIPTextModel

            from tortodelova.adapters.ml.tiny import SD_SCHEDULER, build_tiny_clip_tokenizer

            with torch.device(self.device):
                unet = UNet2DConditionModel(**SD15_UNET).to(self.dtype)
                vae = AutoencoderKL(**SD15_VAE).to(self.dtype)
                text_encoder = CLIPTextModel(CLIPTextConfig(**SD15_CLIP)).to(self.dtype)
            pipe = StableDiffusionPipeline(
                vae=vae,
                text_encoder=text_encoder,
                tokenizer=build_tiny_clip_tokenizer(),
                unet=unet,
                scheduler=DPMSolverMultistepScheduler(**SD_SCHEDULER, use_karras_sigmas=True),
                safety_checker=None,
                feature_extractor=None,
                requires_safety_checker=False,
            )
            self.R["unet_params_M"] = round(sum(p.numel() for p in unet.parameters()) / 1e6, 1)
            pipe.save_pretrained(path, variant="fp16" if self.cuda else None)
        if self.args.quality == "draft":
            from tortodelova.adapters.ml.tiny import save_tiny_lora

            # The LCM-LoRA for SD 1.5 has rank 64 on the attention projections.
            save_tiny_lora(pipe.unet, self.lora_path(path), rank=8 if self.args.tiny else 64)
        del pipe
        if self.cuda:
            torch.cuda.empty_cache()
        self.R["build_and_save_s"] = round(time.perf_counter() - t, 1)

    @staticmethod
    def lora_path(path: Path) -> Path:
        return path.parent / "lcm-lora-random"

    def jobs(self, b: int) -> list[Any]:
        from tortodelova.application.ports.ml import ImageJob
        from tortodelova.domain.batch_key import BatchKey
        from tortodelova.domain.generation import Quality

        res, q = self.args.res, Quality(self.args.quality)
        key = BatchKey(res, res, self.args.steps, self.args.guidance, q)
        return [ImageJob(uuid.uuid4(), PROMPT, NEGATIVE, 1000 + i, key) for i in range(b)]

    # --- stages ------------------------------------------------------------------------------------

    def bench_worker(self, path: Path, tag: str, batches: list[int], **options: Any) -> Any:
        from tortodelova.adapters.ml.generator import DiffusersImageGenerator

        t = time.perf_counter()
        self.R["cudnn_benchmark_before_worker"] = bool(self.torch.backends.cudnn.benchmark)
        self.R[f"{tag}_options"] = options
        if self.cuda:
            self.torch.cuda.reset_peak_memory_stats()
        if self.args.quality == "draft":
            options = {**options, "draft_lora": str(self.lora_path(path))}
        gen = DiffusersImageGenerator.load(str(path), device=self.device, **options)
        self.R[f"{tag}_options"] = {k: v for k, v in options.items() if k != "draft_lora"}
        self.R[f"{tag}_load_s"] = round(time.perf_counter() - t, 1)
        out: dict[str, Any] = {}
        first: dict[str, float] = {}
        self.R[tag] = out
        self.R[f"{tag}_first_call_s"] = first
        self.images[tag] = {}
        for b in batches:
            if self.elapsed() > self.args.deadline:
                out[str(b)] = "skipped (deadline)"
                continue
            jobs = self.jobs(b)
            progress: list[int] = []  # the worker always reports progress; measure with it on
            last: list[list[bytes]] = []

            def call(jobs: list[Any] = jobs, progress: list[int] = progress, last: list[Any] = last) -> None:
                last[:] = [gen.generate(jobs, lambda i, n: progress.append(i))]

            try:
                # The first call of a shape is timed apart: it compiles, or captures CUDA graphs.
                self.sync()
                t = time.perf_counter()
                call()
                self.sync()
                first[str(b)] = round(time.perf_counter() - t, 3)
                s = self.timeit(
                    call, n=self.args.repeats if b <= 4 else max(1, self.args.repeats - 1), warm=0
                )
            except self.torch.OutOfMemoryError:
                out[str(b)] = "oom"
                break
            out[str(b)] = {"s_per_batch": round(s, 3), "images_per_s": round(b / s, 3)}
            self.images[tag][b] = last[0]
            self.log(tag, b, out[str(b)], "first call", first[str(b)], "s")
            self.save()
        if gen.unet_graphs is not None:
            self.R[f"{tag}_graph_stats"] = dict(gen.unet_graphs.stats, last_error=gen.unet_graphs.last_error)
            self.log(tag, "graphs", self.R[f"{tag}_graph_stats"])
        if self.cuda:
            self.R[f"{tag}_peak_mem_gib"] = round(self.torch.cuda.max_memory_allocated() / 2**30, 2)
        self.save()
        return gen

    def compare(self, a: str, b: str) -> None:
        """Pixel differences between two workers' images of the same jobs (seeds 1000..), and of
        each worker's batch-1 image against the same seed's image in its largest batch."""
        import numpy as np
        from PIL import Image

        def px(png: bytes) -> Any:
            return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)

        def stats(x: list[bytes], y: list[bytes]) -> dict[str, Any]:
            d = np.stack([np.abs(px(p) - px(q)) for p, q in zip(x, y, strict=True)])
            return {
                "identical_bytes": x == y,
                "max_abs": int(d.max()),
                "mean_abs": round(float(d.mean()), 4),
                "frac_le_3": round(float((d <= 3).mean()), 6),
            }

        res: dict[str, Any] = {}
        ia, ib = self.images.get(a, {}), self.images.get(b, {})
        for n in sorted(set(ia) & set(ib)):
            res[f"{a}_vs_{b}_batch{n}"] = stats(ia[n], ib[n])
        for tag, imgs in ((a, ia), (b, ib)):
            if 1 in imgs and len(imgs) > 1:
                big = max(imgs)
                res[f"{tag}_batch1_vs_batch{big}"] = stats(imgs[1], imgs[big][:1])
        self.R[f"compare_{a}_{b}"] = res
        self.log("compare", res)
        self.save()

    def bench_plain(self, path: Path, batches: list[int]) -> None:
        from diffusers import DPMSolverMultistepScheduler, StableDiffusionPipeline

        torch = self.torch
        t = time.perf_counter()
        from tortodelova.adapters.ml.generator import dtype_kwarg

        pipe = StableDiffusionPipeline.from_pretrained(
            path,
            **dtype_kwarg(self.dtype),
            variant="fp16" if self.cuda else None,
            safety_checker=None,
            requires_safety_checker=False,
        ).to(self.device)
        pipe.scheduler = DPMSolverMultistepScheduler.from_config(
            pipe.scheduler.config, use_karras_sigmas=True
        )
        pipe.set_progress_bar_config(disable=True)
        self.R["plain_load_s"] = round(time.perf_counter() - t, 1)
        res = self.args.res

        def run(b: int, encode: bool) -> None:
            gens = [torch.Generator(self.device).manual_seed(1000 + i) for i in range(b)]
            images = pipe(
                prompt=[PROMPT] * b,
                negative_prompt=[NEGATIVE] * b,
                height=res,
                width=res,
                num_inference_steps=self.args.steps,
                guidance_scale=7.0,
                generator=gens,
            ).images
            if encode:
                for im in images:
                    im.save(io.BytesIO(), format="PNG")

        out: dict[str, Any] = {}
        for b in batches:
            if self.elapsed() > self.args.deadline:
                out[str(b)] = "skipped (deadline)"
                continue
            try:
                s = self.timeit(
                    lambda b=b: run(b, True), n=self.args.repeats if b <= 4 else max(1, self.args.repeats - 1)
                )
            except torch.OutOfMemoryError:
                out[str(b)] = "oom"
                break
            out[str(b)] = {"s_per_batch": round(s, 3), "images_per_s": round(b / s, 3)}
            self.log("plain", b, out[str(b)])
            self.R["plain"] = out
            self.save()
        self.R["plain"] = out
        self.R["cudnn_benchmark_plain"] = bool(torch.backends.cudnn.benchmark)
        if self.args.no_png:
            self.save()
            return
        # PNG encoding of one rendered image: PIL's default (level 6) vs the worker's level 1.
        from tortodelova.adapters.ml.png import encode_png

        image = pipe(
            prompt=PROMPT,
            negative_prompt=NEGATIVE,
            height=res,
            width=res,
            num_inference_steps=self.args.steps,
            guidance_scale=7.0,
        ).images[0]
        rgb = __import__("numpy").asarray(image)
        meta = {
            "prompt": PROMPT,
            "negative_prompt": NEGATIVE,
            "seed": 0,
            "steps": self.args.steps,
            "guidance": 7.0,
            "width": res,
            "height": res,
            "model": "bench",
            "scheduler": "dpmpp_2m_karras",
        }
        self.R["png_pil_default_ms"] = round(
            1000 * self.timeit(lambda: image.save(io.BytesIO(), format="PNG"), n=5), 2
        )
        self.R["png_worker_level1_ms"] = round(1000 * self.timeit(lambda: encode_png(rgb, meta, 1), n=5), 2)
        if self.cuda:
            torch.cuda.empty_cache()
        self.save()

    def ratios(self, tag: str) -> None:
        worker, plain = self.R.get(tag, {}), self.R.get("plain", {})
        ratios = {}
        for b, w in worker.items():
            p = plain.get(b)
            if isinstance(w, dict) and isinstance(p, dict):
                ratios[b] = round(w["images_per_s"] / p["images_per_s"], 3)
        self.R[f"ratio_{tag}_over_plain_images_per_s"] = ratios
        if isinstance(worker.get("1"), dict):
            self.R[f"{tag}_latency_1_image_s"] = worker["1"]["s_per_batch"]
        self.log(f"ratio {tag}/plain", ratios)

    def bench_translator(self) -> None:
        torch = self.torch
        from tortodelova.adapters.ml.tiny import build_tiny_marian
        from tortodelova.adapters.ml.translator import MarianTranslator

        tiny_model, tokenizer = build_tiny_marian()
        if self.args.tiny:
            model = tiny_model
        else:
            from transformers import MarianConfig, MarianMTModel

            with torch.device(self.device):
                model = MarianMTModel(MarianConfig(**OPUS_MT_RU_EN))
            # The tiny tokenizer knows ~600 pieces; random weights emit any of the 62518 ids.
            # Map the rest onto known pieces so decoding (part of the measured path) works.
            known = list(tokenizer.decoder.values())
            for i in range(OPUS_MT_RU_EN["vocab_size"]):
                tokenizer.decoder.setdefault(i, known[i % len(known)])
        # Fixed output length (24 tokens) so random weights cannot stop early: comparable runs.
        translator = MarianTranslator(
            model,
            tokenizer,
            model_id="bench",
            device=self.device,
            num_beams=4,
            generate_kwargs={"min_new_tokens": 24, "max_new_tokens": 24},
        )
        counter = iter(range(10**6))

        def fresh(n: int) -> None:  # new text every call: the cache must not answer
            k = next(counter)
            translator.translate(
                [f"Двухъярусный торт с мастикой, ягодами и безе номер {k}-{i}" for i in range(n)]
            )

        self.R["translate_beam4_1_prompt_ms"] = round(1000 * self.timeit(lambda: fresh(1), n=7, warm=2), 1)
        self.R["translate_beam4_8_prompts_ms"] = round(1000 * self.timeit(lambda: fresh(8), n=3, warm=1), 1)
        translator.translate(["Торт с мастикой"])
        self.R["translate_cached_ms"] = round(
            1000 * self.timeit(lambda: translator.translate(["Торт с мастикой"]), n=20), 3
        )
        self.log("translator", {k: v for k, v in self.R.items() if k.startswith("translate")})
        self.save()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tiny", action="store_true", help="tiny random models (CPU smoke check)")
    p.add_argument("--cpu", action="store_true", help="stay on the CPU even if CUDA is available")
    p.add_argument(
        "--quality",
        choices=("standard", "draft"),
        default="standard",
        help="standard: the base model; draft: LCM-LoRA + LCM scheduler (default 4 steps, guidance 1)",
    )
    p.add_argument(
        "--steps", type=int, default=None, help="denoising steps (default 25, 4 for drafts or with --tiny)"
    )
    p.add_argument("--res", type=int, default=None, help="image side (default 512; 64 with --tiny)")
    p.add_argument(
        "--batches", default=None, help="comma-separated batch sizes (default 1,4,8,16; 1,2 with --tiny)"
    )
    p.add_argument("--repeats", type=int, default=3, help="timed runs per batch size (median)")
    p.add_argument("--compile", action="store_true", help="also measure torch.compile + fused QKV")
    p.add_argument(
        "--deadline", type=float, default=1e9, help="skip remaining measurements after this many s"
    )
    p.add_argument(
        "--compile-start-by",
        type=float,
        default=1e9,
        help="start the --compile stage only if fewer seconds than this have passed",
    )
    p.add_argument(
        "--worker-options",
        default="{}",
        help='JSON of DiffusersImageGenerator options, e.g. {"channels_last": true, "cudnn_benchmark": true}',
    )
    p.add_argument(
        "--graphs",
        action="store_true",
        help="measure the worker eager (cuda_graphs=False) and with CUDA graphs, and compare their images",
    )
    p.add_argument("--no-png", action="store_true", help="skip the PNG encoding measurement")
    p.add_argument(
        "--plain-last", action="store_true", help="run the plain pipeline after the workers, not before"
    )
    p.add_argument("--stages", default="generator,translator", help="which of generator,translator to run")
    p.add_argument("--out", default="bench_generation.json")
    a = p.parse_args(argv)
    a.steps = a.steps or (4 if a.tiny or a.quality == "draft" else 25)
    a.guidance = 1.0 if a.quality == "draft" else 7.0
    a.res = a.res or (64 if a.tiny else 512)
    a.batches = [int(b) for b in (a.batches or ("1,2" if a.tiny else "1,4,8,16")).split(",")]
    if a.tiny:
        a.repeats = min(a.repeats, 2)
    return a


def main(argv: list[str] | None = None) -> dict[str, Any]:
    args = parse_args(argv)
    bench = Bench(args)
    bench.log(json.dumps(bench.R))
    with tempfile.TemporaryDirectory(prefix="bench-sd-") as tmp:
        path = Path(tmp) / "sd15-random"
        if "generator" in args.stages:
            bench.build_sd(path)
            bench.log("built and saved", bench.R["build_and_save_s"], "s")
            # Plain first by default: the worker may set process-wide flags (cudnn.benchmark).
            stages: list[tuple[str, Any]] = [("plain", lambda: bench.bench_plain(path, args.batches))]
            options = json.loads(args.worker_options)
            if args.graphs:  # the worker's default on CUDA is cuda_graphs=True: "worker" is eager here
                options = {**options, "cuda_graphs": False}
            stages.append(("worker", lambda: bench.bench_worker(path, "worker", args.batches, **options)))
            if args.graphs:
                graphed = {**options, "cuda_graphs": True}
                stages.append(
                    (
                        "worker_graphs",
                        lambda: bench.bench_worker(path, "worker_graphs", args.batches, **graphed),
                    )
                )
            if args.plain_last:
                stages.append(stages.pop(0))
            for name, stage in stages:
                try:  # one broken stage must not cost the others' numbers
                    stage()
                except Exception as exc:
                    import traceback

                    bench.R[f"{name}_error"] = f"{type(exc).__name__}: {exc}"
                    bench.log(name, "FAILED", traceback.format_exc())
                bench.free()
                bench.save()
            bench.ratios("worker")
            if args.graphs:
                bench.ratios("worker_graphs")
                bench.compare("worker", "worker_graphs")
        if "translator" in args.stages:
            bench.bench_translator()
        if "generator" in args.stages and args.compile and bench.elapsed() < args.compile_start_by:
            compiled_batches = [b for b in args.batches if b in (1, 8)] or args.batches[:1]
            bench.bench_worker(path, "worker_compiled", compiled_batches, compile=True, fuse_qkv=True)
            bench.ratios("worker_compiled")
    bench.save()
    bench.log(json.dumps(bench.R))
    return bench.R


if __name__ == "__main__":
    main()
