"""Failures an adapter reports to the use cases in the application's own terms."""

from __future__ import annotations


class TransientError(Exception):
    """An adapter failure worth retrying (network, storage hiccup, CUDA OOM)."""


class OutOfGpuMemory(TransientError):
    """The image generator ran out of GPU memory (retried: a smaller batch or a quieter GPU may fit)."""


class ObjectNotFound(Exception):
    """The object store has no object under this key."""
