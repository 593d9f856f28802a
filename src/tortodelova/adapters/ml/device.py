"""Device and dtype choice for the ML models.

`choose_device` is the whole rule, pure over the availability flags (unit-tested without hardware);
`resolve_device` / `default_dtype` ask torch for the flags and apply it.

dtype per device: float16 on CUDA and Apple MPS (both have fast half kernels, DreamShaper ships fp16
weights); float32 on CPU. bfloat16 on CPU is faster only where the CPU has AMX/AVX512-BF16, and it
has not been verified here to keep the SD 1.5 UNet and VAE output correct (the VAE is known to be
precision-sensitive), so the CPU stays on float32: slower, but always right.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DEVICES = ("auto", "cuda", "mps", "cpu")


@dataclass(frozen=True, slots=True)
class DeviceChoice:
    device: str  # "cuda", "cuda:1", "mps" or "cpu"
    dtype: str  # a torch dtype name: "float16" | "float32"


def dtype_name_for(device: str) -> str:
    return "float16" if device.startswith("cuda") or device == "mps" else "float32"


def choose_device(requested: str, *, cuda: bool, mps: bool) -> DeviceChoice:
    """'auto' -> CUDA, else MPS, else CPU; an explicit device must be available."""
    name = (requested or "auto").lower()
    if name not in DEVICES and not name.startswith("cuda:"):
        raise ValueError(f"unknown ML device {name!r}; expected one of {', '.join(DEVICES)}")
    if name == "auto":
        name = "cuda" if cuda else "mps" if mps else "cpu"
    elif name.startswith("cuda") and not cuda:
        raise RuntimeError("ML_DEVICE=cuda but CUDA is not available to torch")
    elif name == "mps" and not mps:
        raise RuntimeError("ML_DEVICE=mps but MPS is not available to torch")
    return DeviceChoice(name, dtype_name_for(name))


def available() -> dict[str, bool]:
    import torch

    mps = getattr(torch.backends, "mps", None)
    return {"cuda": torch.cuda.is_available(), "mps": bool(mps and mps.is_available())}


def resolve_device(name: str = "auto") -> str:
    """The device `choose_device` picks on this machine."""
    return choose_device(name, **available()).device


def default_dtype(device: str) -> Any:
    """The torch dtype for `device` (see the module docstring)."""
    import torch

    return getattr(torch, dtype_name_for(device))
