"""Device and dtype choice for the ML models."""

from __future__ import annotations

from typing import Any

DEVICES = ("auto", "cuda", "mps", "cpu")


def resolve_device(name: str = "auto") -> str:
    """'auto' -> cuda, else mps, else cpu; an explicit device is checked to exist."""
    import torch

    name = (name or "auto").lower()
    if name not in DEVICES and not name.startswith("cuda:"):
        raise ValueError(f"unknown ML device {name!r}; expected one of {', '.join(DEVICES)}")
    cuda = torch.cuda.is_available()
    mps = bool(getattr(torch.backends, "mps", None) and torch.backends.mps.is_available())
    if name == "auto":
        return "cuda" if cuda else "mps" if mps else "cpu"
    if name.startswith("cuda") and not cuda:
        raise RuntimeError("ML_DEVICE=cuda but CUDA is not available to torch")
    if name == "mps" and not mps:
        raise RuntimeError("ML_DEVICE=mps but MPS is not available to torch")
    return name


def default_dtype(device: str) -> Any:
    """fp16 on CUDA (DreamShaper ships fp16 weights), fp32 elsewhere (CPU has no fast fp16 kernels)."""
    import torch

    return torch.float16 if device.startswith("cuda") else torch.float32
