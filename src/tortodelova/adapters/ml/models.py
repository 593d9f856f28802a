"""Where the model weights are, which are missing, and fetching them (`tortodelova models pull`).

A model is named by a Hugging Face repo id (looked up in the HF cache, `cache_dir` or the default) or
by a local directory. Nothing here downloads at request time; only `pull` talks to the hub.
Imports no torch: the API process uses `missing_models` for its readiness report.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PULL_COMMAND = "tortodelova models pull"

_SD_WEIGHT_DIRS = ("unet", "vae", "text_encoder")


@dataclass(frozen=True, slots=True)
class ModelSpec:
    role: str  # "translator" | "generator" | "lora" | "preview" | "upscaler"
    model_id: str
    # Files to fetch: a common part, then weight-file alternatives tried in order until complete.
    common_patterns: tuple[str, ...]
    weight_patterns: tuple[tuple[str, ...], ...]

    def missing_files(self, root: Path) -> list[str]:
        return _MISSING[self.role](root)


def translator_spec(model_id: str) -> ModelSpec:
    return ModelSpec(
        role="translator",
        model_id=model_id,
        common_patterns=(
            "config.json",
            "generation_config.json",
            "source.spm",
            "target.spm",
            "vocab.json",
            "tokenizer_config.json",
            "special_tokens_map.json",
        ),
        # opus-mt repos carry pytorch_model.bin (some also model.safetensors): prefer safetensors.
        weight_patterns=(("model.safetensors",), ("pytorch_model.bin",)),
    )


def generator_spec(model_id: str) -> ModelSpec:
    configs = (
        "model_index.json",
        "scheduler/scheduler_config.json",
        "tokenizer/*.json",
        "tokenizer/merges.txt",
        *(f"{d}/config.json" for d in _SD_WEIGHT_DIRS),
    )
    fp16 = (
        "unet/diffusion_pytorch_model.fp16.safetensors",
        "vae/diffusion_pytorch_model.fp16.safetensors",
        "text_encoder/model.fp16.safetensors",
    )
    fp32 = (
        "unet/diffusion_pytorch_model.safetensors",
        "vae/diffusion_pytorch_model.safetensors",
        "text_encoder/model.safetensors",
    )
    return ModelSpec(
        role="generator", model_id=model_id, common_patterns=configs, weight_patterns=(fp16, fp32)
    )


LORA_FILE = "pytorch_lora_weights.safetensors"
LCM_LORA_SD15 = "latent-consistency/lcm-lora-sdv1-5"  # one fp16 file, about 135 MB


def lora_spec(model_id: str) -> ModelSpec:
    """The draft mode's LCM-LoRA: a single safetensors file. Optional: without it drafts are refused."""
    return ModelSpec(role="lora", model_id=model_id, common_patterns=(), weight_patterns=((LORA_FILE,),))


TAESD_SD15 = "madebyollin/taesd"  # AutoencoderTiny for SD 1.5 latents, about 10 MB
_TAESD_WEIGHTS = ("diffusion_pytorch_model.safetensors", "diffusion_pytorch_model.bin")


def taesd_spec(model_id: str) -> ModelSpec:
    """The live previews' tiny decoder. Optional: without it previews use the linear approximation."""
    return ModelSpec(
        role="preview",
        model_id=model_id,
        common_patterns=("config.json",),
        weight_patterns=tuple((w,) for w in _TAESD_WEIGHTS),
    )


UPSCALER_X4PLUS = "Comfy-Org/Real-ESRGAN_repackaged"  # RealESRGAN_x4plus, BSD-3-Clause, about 64 MB
UPSCALER_FILES = ("RealESRGAN_x4plus.safetensors", "RealESRGAN_x4plus.pth")


def upscaler_spec(model_id: str) -> ModelSpec:
    """The print upscaler's Real-ESRGAN x4plus weights: one file. Without them (real engine) upscales
    are refused; the demo engine has a tiny random network of the same architecture instead."""
    return ModelSpec(
        role="upscaler",
        model_id=model_id,
        common_patterns=(),
        weight_patterns=tuple((f,) for f in UPSCALER_FILES),
    )


def upscaler_weights(root: Path) -> Path | None:
    """The weight file in a located upscaler directory (safetensors preferred)."""
    return next((root / f for f in UPSCALER_FILES if (root / f).is_file()), None)


def _missing_upscaler(root: Path) -> list[str]:
    return [] if upscaler_weights(root) else [" | ".join(UPSCALER_FILES)]


def _missing_taesd(root: Path) -> list[str]:
    missing = [] if (root / "config.json").is_file() else ["config.json"]
    if not _any(root, _TAESD_WEIGHTS):
        missing.append(" | ".join(_TAESD_WEIGHTS))
    return missing


def _missing_lora(root: Path) -> list[str]:
    return [] if (root / LORA_FILE).is_file() else [LORA_FILE]


def _any(root: Path, names: Sequence[str]) -> bool:
    return any((root / n).is_file() for n in names)


def _missing_translator(root: Path) -> list[str]:
    missing = [
        n for n in ("config.json", "source.spm", "target.spm", "vocab.json") if not (root / n).is_file()
    ]
    if not _any(root, ("model.safetensors", "pytorch_model.bin")):
        missing.append("model.safetensors | pytorch_model.bin")
    return missing


def _missing_generator(root: Path) -> list[str]:
    missing = [n for n in ("model_index.json", "scheduler/scheduler_config.json") if not (root / n).is_file()]
    if not (
        (root / "tokenizer" / "vocab.json").is_file() or (root / "tokenizer" / "tokenizer.json").is_file()
    ):
        missing.append("tokenizer/vocab.json")
    for d in _SD_WEIGHT_DIRS:
        if not (root / d / "config.json").is_file():
            missing.append(f"{d}/config.json")
        if not any(p.suffix in (".safetensors", ".bin") for p in (root / d).glob("*")):
            missing.append(f"{d}/*.safetensors")
    return missing


_MISSING: dict[str, Callable[[Path], list[str]]] = {
    "translator": _missing_translator,
    "generator": _missing_generator,
    "lora": _missing_lora,
    "preview": _missing_taesd,
    "upscaler": _missing_upscaler,
}


def default_cache_dir() -> Path:
    """The Hugging Face hub cache (respects HF_HUB_CACHE / HF_HOME)."""
    try:
        from huggingface_hub import constants
    except ImportError:  # the API image may lack huggingface_hub; mirror its rule
        pass
    else:
        return Path(constants.HF_HUB_CACHE).expanduser()
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"]).expanduser()
    home = os.environ.get("HF_HOME") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", "~/.cache"), "huggingface"
    )
    return Path(home).expanduser() / "hub"


def cache_root(cache_dir: str | os.PathLike[str] | None) -> Path:
    return Path(cache_dir).expanduser() if cache_dir else default_cache_dir()


def locate(model_id: str, cache_dir: str | os.PathLike[str] | None = None) -> Path | None:
    """The local directory holding the model: the path itself if it is a directory, else the
    snapshot of the HF cache that refs/main points to (or the newest snapshot). None if absent."""
    as_path = Path(model_id).expanduser()
    if as_path.is_dir():
        return as_path
    if model_id.count("/") != 1 or model_id.startswith(("/", ".", "~")):
        return None
    repo = cache_root(cache_dir) / ("models--" + model_id.replace("/", "--"))
    snapshots = repo / "snapshots"
    ref = repo / "refs" / "main"
    if ref.is_file():
        snap = snapshots / ref.read_text().strip()
        if snap.is_dir():
            return snap
    candidates = [p for p in snapshots.glob("*") if p.is_dir()] if snapshots.is_dir() else []
    return max(candidates, key=lambda p: p.stat().st_mtime) if candidates else None


@dataclass(frozen=True, slots=True)
class ModelStatus:
    role: str
    model_id: str
    path: Path | None
    missing_files: tuple[str, ...]
    size_bytes: int

    @property
    def present(self) -> bool:
        return self.path is not None and not self.missing_files

    def as_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "model_id": self.model_id,
            "present": self.present,
            "path": str(self.path) if self.path else None,
            "missing_files": list(self.missing_files),
            "size_bytes": self.size_bytes,
        }


def human_size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"


def _size(root: Path) -> int:
    # HF cache snapshots hold symlinks into blobs/: stat follows them.
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def check(spec: ModelSpec, cache_dir: str | os.PathLike[str] | None = None) -> ModelStatus:
    root = locate(spec.model_id, cache_dir)
    if root is None:
        return ModelStatus(spec.role, spec.model_id, None, ("(not downloaded)",), 0)
    return ModelStatus(spec.role, spec.model_id, root, tuple(spec.missing_files(root)), _size(root))


def model_statuses(
    translator_model: str, generator_model: str, cache_dir: str | os.PathLike[str] | None = None
) -> list[ModelStatus]:
    return [
        check(translator_spec(translator_model), cache_dir),
        check(generator_spec(generator_model), cache_dir),
    ]


def missing_models(
    translator_model: str, generator_model: str, cache_dir: str | os.PathLike[str] | None = None
) -> list[ModelStatus]:
    """The models (translator, generator) that are not complete on this machine."""
    return [s for s in model_statuses(translator_model, generator_model, cache_dir) if not s.present]


class ModelsMissing(RuntimeError):
    """Weights are not on this machine; the message names them and the command that fetches them."""

    def __init__(self, missing: Sequence[ModelStatus]) -> None:
        self.missing = list(missing)
        names = "; ".join(
            f"{s.role} {s.model_id} (missing: {', '.join(s.missing_files)})" for s in self.missing
        )
        super().__init__(
            f"ML_ENGINE=real but model weights are not available locally: {names}. "
            f"Fetch them with `{PULL_COMMAND}` (same MODELS_DIR), or set ML_ENGINE=demo."
        )


def pull(
    spec: ModelSpec,
    cache_dir: str | os.PathLike[str] | None = None,
    *,
    snapshot_download: Callable[..., str] | None = None,
) -> ModelStatus:
    """Download what `spec` needs into the HF cache (resumable; tqdm bars from huggingface_hub).
    Weight alternatives are tried in order until the model is complete. A local directory is left as is."""
    if Path(spec.model_id).expanduser().is_dir():
        return check(spec, cache_dir)
    if snapshot_download is None:
        from huggingface_hub import snapshot_download as hub_snapshot_download

        snapshot_download = hub_snapshot_download
    kwargs: dict[str, Any] = {"repo_id": spec.model_id, "max_workers": 8}
    if cache_dir:
        kwargs["cache_dir"] = str(cache_dir)
    status = check(spec, cache_dir)
    for weights in spec.weight_patterns:
        snapshot_download(allow_patterns=[*spec.common_patterns, *weights], **kwargs)
        status = check(spec, cache_dir)
        if status.present:
            break
    return status
