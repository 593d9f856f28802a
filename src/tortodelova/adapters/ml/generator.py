"""Text-to-image with a diffusers StableDiffusionPipeline (DreamShaper 8 / any SD 1.5 model).

Reproducibility: a job's initial noise comes from a CPU torch.Generator seeded with the job's seed
(the same on any device and in any batch), and the scheduler's per-step noise (ancestral samplers)
from one generator per image, so an image does not depend on its batch-mates.

Batches: `generate` groups its jobs by their batch key (domain/batch_key.py: size, steps, guidance,
quality, mode, strength) and runs one pipeline call per key, one after another; the progress
callback then counts the steps of all groups (total = sum of their steps), once per denoising step.

Draft mode («Черновик»): the LCM-LoRA is loaded once (`draft_lora`, adapter "lcm") and switched per
group with enable_lora/disable_lora, together with the scheduler (LCM for drafts, the configured one
otherwise; both instances are kept). Quality is part of the batch key, so drafts and standard jobs
never share a pipeline call. With CUDA graphs on, graphs are captured per quality (the graph key
carries it), so a graph recorded with the LoRA off is never replayed for a draft, nor the reverse.

Starting from a picture: img2img and inpainting run diffusers' StableDiffusionImg2ImgPipeline and
StableDiffusionInpaintPipeline built from the loaded pipeline's components (the same UNet, VAE and
text encoder: no second model in memory; the UNet's CUDA graphs serve them too). DreamShaper 8 has
a 4-channel UNet: the inpaint pipeline blends the source's noised latents outside the mask at every
step, and after decoding the result is composited with the source (sources.py), so every pixel
outside the mask is exactly the source's. The mode (text / image / inpaint) and the strength are
part of the batch key. A start from a picture runs ceil(steps x strength) steps (at least one), the
steps the price counts; the pipelines' own rule is int(steps x strength), so they get a strength
that makes both agree. Their initial noise and the VAE encoder's sample come from one generator per
image seeded with the job's seed (reproducible per device, independent of batch-mates).

Previews: with an `on_preview` callback, every `preview_every` steps the latents of the batch go
through a cheap decoder (previews.py: TAESD when loaded, else the linear SD 1.5 approximation).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tortodelova.adapters.ml.cuda_graphs import enable_cuda_graphs
from tortodelova.adapters.ml.png import encode_png
from tortodelova.adapters.ml.previews import PREVIEW_EVERY, LatentPreviewer, preview_steps
from tortodelova.adapters.ml.sources import fit_mask, fit_source, keep_outside_mask
from tortodelova.application.ports.errors import OutOfGpuMemory
from tortodelova.application.ports.ml import ImageJob, PreviewCallback, ProgressCallback
from tortodelova.domain.batch_key import BatchKey
from tortodelova.domain.generation import Mode, Quality
from tortodelova.domain.pricing import steps_for

DEFAULT_SCHEDULER = "dpmpp_2m_karras"
LORA_ADAPTER = "lcm"
LORA_WEIGHT_NAME = "pytorch_lora_weights.safetensors"


class DraftModeUnavailable(RuntimeError):
    """A draft job reached a worker without the LCM-LoRA: failed (never rendered in standard mode)."""

    def __init__(self) -> None:
        super().__init__("Режим «Черновик» недоступен: на воркере нет LCM-LoRA")


# name -> (diffusers class, config overrides)
SCHEDULERS: dict[str, tuple[str, dict[str, Any]]] = {
    "dpmpp_2m_karras": (
        "DPMSolverMultistepScheduler",
        {"use_karras_sigmas": True, "algorithm_type": "dpmsolver++", "solver_order": 2},
    ),
    "dpmpp_2m": (
        "DPMSolverMultistepScheduler",
        {"use_karras_sigmas": False, "algorithm_type": "dpmsolver++", "solver_order": 2},
    ),
    "euler_a": ("EulerAncestralDiscreteScheduler", {}),
    "euler": ("EulerDiscreteScheduler", {"use_karras_sigmas": False}),
    "ddim": ("DDIMScheduler", {}),
    "unipc": ("UniPCMultistepScheduler", {"use_karras_sigmas": False}),
}


# Denoising steps a job really runs: all from noise, ceil(steps x strength) from a picture - the rule
# the price follows.
steps_run = steps_for


def pipeline_strength(steps: int, strength: float) -> float:
    """The strength to hand diffusers so that its int(steps x strength) equals `steps_run`."""
    run = steps_run(steps, strength)
    return 1.0 if run >= steps else (run + 0.5) / steps


def make_scheduler(name: str, base_config: Any) -> Any:
    """A scheduler by short name, built on the model's own scheduler config (betas, offsets)."""
    import diffusers

    try:
        cls_name, overrides = SCHEDULERS[name]
    except KeyError:
        raise ValueError(f"unknown scheduler {name!r}; expected one of {', '.join(SCHEDULERS)}") from None
    return getattr(diffusers, cls_name).from_config(base_config, **overrides)


def make_lcm_scheduler(base_config: Any) -> Any:
    """diffusers' LCMScheduler on the model's own scheduler config (the draft mode's sampler). Only the
    keys LCMScheduler takes (betas, offsets, prediction type): the others belong to the model's sampler."""
    import inspect

    from diffusers import LCMScheduler

    accepted = inspect.signature(LCMScheduler.__init__).parameters
    return LCMScheduler.from_config({k: v for k, v in base_config.items() if k in accepted})


def dtype_kwarg(dtype: Any) -> dict[str, Any]:
    """diffusers renamed from_pretrained's `torch_dtype` to `dtype` (the old name now warns)."""
    from diffusers.utils import deprecation_utils

    return {"dtype" if hasattr(deprecation_utils, "_resolve_dtype") else "torch_dtype": dtype}


def load_pipeline(model_id: str, *, device: str, cache_dir: str | None = None, dtype: Any = None) -> Any:
    """StableDiffusionPipeline from a local directory or the local HF cache only (never downloads).
    Uses the fp16 weight files when present (upcast to fp32 on CPU)."""
    from diffusers import StableDiffusionPipeline

    from tortodelova.adapters.ml.device import default_dtype
    from tortodelova.adapters.ml.models import ModelsMissing, check, generator_spec

    status = check(generator_spec(model_id), cache_dir)
    if not status.present:
        raise ModelsMissing([status])
    root = Path(str(status.path))
    variant = "fp16" if any((root / "unet").glob("*.fp16.*")) else None
    return StableDiffusionPipeline.from_pretrained(
        root,
        **dtype_kwarg(dtype if dtype is not None else default_dtype(device)),
        variant=variant,
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
        local_files_only=True,
    )


class DiffusersImageGenerator:
    """Implements the ImageGenerator port. Blocking; one render at a time (the scheduler is stateful)."""

    def __init__(
        self,
        pipe: Any,
        *,
        model_id: str,
        device: str = "cpu",
        scheduler: str = DEFAULT_SCHEDULER,
        is_demo: bool = False,
        png_compress_level: int = 1,
        channels_last: bool = False,
        cudnn_benchmark: bool = False,
        fuse_qkv: bool = False,
        compile: bool = False,
        cuda_graphs: bool | None = None,
        draft_lora: str | Path | None = None,
        preview_decoder: Any | None = None,
        preview_every: int = PREVIEW_EVERY,
    ) -> None:
        """The speed options are off by default: on an H100 (bench/RESULTS.md) channels_last and
        cudnn.benchmark gave no gain over diffusers' defaults, and torch.compile's first call took
        over 200 s (and recompiles for each new batch size or resolution).

        cuda_graphs: capture the UNet forward once per input shape and replay it (cuda_graphs.py).
        None (the default) means on for a CUDA device without compile: on an H100 it halved the
        latency of one image (0.80 -> 0.42 s) with byte-identical images. Calls off CUDA run
        eagerly, so on the CPU it changes nothing.

        draft_lora: a directory holding the LCM-LoRA (pytorch_lora_weights.safetensors); None means
        drafts are refused (DraftModeUnavailable).

        preview_decoder: an AutoencoderTiny (TAESD) for the live previews, or None for the linear
        approximation; preview_every: steps between two previews (0: none)."""
        import torch

        if compile and cuda_graphs:
            raise ValueError("compile and cuda_graphs are exclusive: torch.compile has its own graphs")
        if fuse_qkv and draft_lora is not None:
            raise ValueError(
                "fuse_qkv and draft_lora are exclusive: fused projections bypass the LoRA layers"
            )
        if cuda_graphs is None:
            cuda_graphs = device.startswith("cuda") and not compile

        self.model_id = model_id
        self.device = device
        self.scheduler_name = scheduler
        self.is_demo = is_demo
        self.png_compress_level = png_compress_level
        self._lock = threading.Lock()

        if cudnn_benchmark and device.startswith("cuda"):
            torch.backends.cudnn.benchmark = True  # process-wide
        base_config = pipe.scheduler.config
        pipe.scheduler = make_scheduler(scheduler, base_config)
        self._schedulers = {Quality.STANDARD: pipe.scheduler}
        self.has_draft = draft_lora is not None
        if self.has_draft:
            # Loaded once; per batch only enable_lora/disable_lora (no reload).
            pipe.load_lora_weights(str(draft_lora), weight_name=LORA_WEIGHT_NAME, adapter_name=LORA_ADAPTER)
            pipe.set_adapters([LORA_ADAPTER], [1.0])
            pipe.disable_lora()
            self._schedulers[Quality.DRAFT] = make_lcm_scheduler(base_config)
        pipe.set_progress_bar_config(disable=True)
        pipe = pipe.to(device)
        self._use_sdpa(pipe)
        if fuse_qkv:
            pipe.fuse_qkv_projections()
        if channels_last:
            pipe.unet.to(memory_format=torch.channels_last)
            pipe.vae.to(memory_format=torch.channels_last)
        if compile:
            pipe.unet = torch.compile(pipe.unet)
            pipe.vae.decode = torch.compile(pipe.vae.decode)
        # Last: a graph holds the final weights (after fusing, moving, re-layout).
        self.unet_graphs = enable_cuda_graphs(pipe.unet) if cuda_graphs else None
        self.pipe = pipe
        self.dtype = pipe.unet.dtype
        if preview_decoder is not None:
            preview_decoder = preview_decoder.to(device)
            if preview_decoder.dtype != self.dtype:
                preview_decoder = preview_decoder.to(self.dtype)
            preview_decoder.eval()
        self.previewer = LatentPreviewer(preview_decoder)
        self.preview_every = preview_every
        self._derived: dict[Mode, Any] = {}  # img2img / inpaint pipelines on the same components
        # Ancestral samplers draw noise every step: keep that generator on the device (no host sync).
        self._step_generator_device = device if device.startswith("cuda") else "cpu"

    @classmethod
    def load(
        cls,
        model_id: str,
        *,
        device: str = "auto",
        cache_dir: str | None = None,
        scheduler: str = DEFAULT_SCHEDULER,
        taesd: str | Path | None = None,
        **kwargs: Any,
    ) -> DiffusersImageGenerator:
        """`taesd`: a local directory with AutoencoderTiny weights for the previews (None: linear)."""
        from tortodelova.adapters.ml.device import resolve_device

        dev = resolve_device(device)
        pipe = load_pipeline(model_id, device=dev, cache_dir=cache_dir)
        decoder = None
        if taesd is not None:
            from diffusers import AutoencoderTiny

            decoder = AutoencoderTiny.from_pretrained(str(taesd), local_files_only=True)
        return cls(
            pipe, model_id=model_id, device=dev, scheduler=scheduler, preview_decoder=decoder, **kwargs
        )

    @staticmethod
    def _use_sdpa(pipe: Any) -> None:
        # torch's scaled_dot_product_attention (flash / memory-efficient kernels on CUDA).
        from diffusers.models.attention_processor import AttnProcessor2_0

        pipe.unet.set_attn_processor(AttnProcessor2_0())
        pipe.vae.set_attn_processor(AttnProcessor2_0())

    # --- ImageGenerator port -----------------------------------------------------------------

    def generate(
        self,
        jobs: Sequence[ImageJob],
        on_progress: ProgressCallback | None = None,
        on_preview: PreviewCallback | None = None,
    ) -> list[bytes]:
        if not self.has_draft and any(j.batch.quality is Quality.DRAFT for j in jobs):
            raise DraftModeUnavailable()
        groups: dict[BatchKey, list[int]] = {}
        for i, job in enumerate(jobs):
            groups.setdefault(job.batch, []).append(i)
        runs = {key: steps_run(key.steps, key.strength) for key in groups}
        total = sum(runs.values())
        out: list[bytes] = [b""] * len(jobs)
        done = 0
        with self._lock:
            for key, idxs in groups.items():
                self._use_quality(key.quality)
                part = [jobs[i] for i in idxs]
                previews = None if on_preview is None else _for_indices(on_preview, idxs)
                rendered = self._render(key, part, done, total, on_progress, previews)
                for i, png in zip(idxs, rendered, strict=True):
                    out[i] = png
                done += runs[key]
        return out

    # --- internals ---------------------------------------------------------------------------

    def _use_quality(self, quality: Quality) -> None:
        """LoRA on and the LCM scheduler for a draft; LoRA off and the configured scheduler otherwise."""
        if self.has_draft:
            if quality is Quality.DRAFT:
                self.pipe.enable_lora()
            else:
                self.pipe.disable_lora()
        self.pipe.scheduler = self._schedulers[quality]
        if self.unet_graphs is not None:
            self.unet_graphs.variant = quality.value

    def initial_latents(self, jobs: Sequence[ImageJob]) -> Any:
        import torch

        pipe = self.pipe
        f = pipe.vae_scale_factor
        shape = (1, pipe.unet.config.in_channels, jobs[0].batch.height // f, jobs[0].batch.width // f)
        noise = [torch.randn(shape, generator=torch.Generator("cpu").manual_seed(j.seed)) for j in jobs]
        return torch.cat(noise).to(self.device, self.dtype)

    def _pipeline(self, mode: Mode) -> Any:
        """The pipeline of a mode, sharing every module (and the current scheduler) with `self.pipe`."""
        if mode is Mode.TEXT:
            return self.pipe
        pipe = self._derived.get(mode)
        if pipe is None:
            from diffusers import StableDiffusionImg2ImgPipeline, StableDiffusionInpaintPipeline

            cls = StableDiffusionInpaintPipeline if mode is Mode.INPAINT else StableDiffusionImg2ImgPipeline
            pipe = cls(**{**self.pipe.components, "requires_safety_checker": False})
            pipe.set_progress_bar_config(disable=True)
            self._derived[mode] = pipe
        pipe.scheduler = self.pipe.scheduler  # switched per quality on the base pipeline
        return pipe

    def _render(
        self,
        key: BatchKey,
        jobs: Sequence[ImageJob],
        done: int,
        total: int,
        on_progress: ProgressCallback | None,
        on_preview: PreviewCallback | None,
    ) -> list[bytes]:
        import torch

        run = steps_run(key.steps, key.strength)
        at = preview_steps(run, self.preview_every) if on_preview is not None else frozenset()

        def step_end(pipe: Any, i: int, t: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
            if on_preview is not None and i in at:
                for k, uri in enumerate(self.previewer(kwargs["latents"])):
                    on_preview(k, uri)
            if on_progress is not None:
                on_progress(done + i + 1, total)
            return kwargs

        step_gens = [torch.Generator(self._step_generator_device).manual_seed(j.seed) for j in jobs]
        common: dict[str, Any] = {
            "prompt": [j.prompt for j in jobs],
            "negative_prompt": [j.negative_prompt for j in jobs],
            "num_inference_steps": key.steps,
            "guidance_scale": key.guidance,
            "generator": step_gens,
            "output_type": "pt",
            "callback_on_step_end": step_end,
            "callback_on_step_end_tensor_inputs": ["latents"] if at else [],
        }
        sources = masks = None
        if key.mode is Mode.TEXT:
            mode_args: dict[str, Any] = {
                "height": key.height,
                "width": key.width,
                "latents": self.initial_latents(jobs),
            }
        else:
            assert key.strength is not None, "a start from a picture needs a strength"
            sources = [fit_source(_required(j.init_image), key.width, key.height) for j in jobs]
            mode_args = {"image": sources, "strength": pipeline_strength(key.steps, key.strength)}
            if key.mode is Mode.INPAINT:
                masks = [fit_mask(_required(j.mask), key.width, key.height) for j in jobs]
                mode_args.update(mask_image=masks, height=key.height, width=key.width)
        try:
            with torch.inference_mode():
                images = self._pipeline(key.mode)(**common, **mode_args).images
                # One device->host copy for the whole batch, already as bytes.
                pixels = (
                    (images * 255).round_().clamp_(0, 255).to(torch.uint8).permute(0, 2, 3, 1).cpu().numpy()
                )
        except torch.OutOfMemoryError as exc:
            if torch.cuda.is_available():
                torch.cuda.empty_cache()
            raise OutOfGpuMemory(f"out of GPU memory rendering {len(jobs)} image(s): {exc}") from exc
        if sources is not None and masks is not None:
            pixels = [keep_outside_mask(pixels[k], sources[k], masks[k]) for k in range(len(jobs))]
        return [
            encode_png(pixels[k], self._metadata(job), self.png_compress_level) for k, job in enumerate(jobs)
        ]

    def _metadata(self, job: ImageJob) -> dict[str, Any]:
        key = job.batch
        return {
            "prompt": job.prompt,
            "negative_prompt": job.negative_prompt,
            "seed": job.seed,
            "steps": key.steps,
            "guidance": key.guidance,
            "width": key.width,
            "height": key.height,
            "model": self.model_id,
            "scheduler": "lcm" if key.quality is Quality.DRAFT else self.scheduler_name,
            "quality": key.quality.value,
            "engine": "demo" if self.is_demo else "real",
            **({"mode": key.mode.value, "strength": key.strength} if key.mode is not Mode.TEXT else {}),
        }


def _required(data: bytes | None) -> bytes:
    if data is None:
        raise ValueError("the job's mode needs a source image (and, to inpaint, a mask)")
    return data


def _for_indices(on_preview: PreviewCallback, indices: Sequence[int]) -> Callable[[int, str], None]:
    """A group's k-th image is the `indices[k]`-th job of the whole `generate` call."""
    return lambda k, uri: on_preview(indices[k], uri)
