"""Enlarging a design for print (the worker's upscaler): blocking, like the other ML ports."""

from __future__ import annotations

from typing import Protocol

from tortodelova.application.ports.ml import ProgressCallback


class Upscaler(Protocol):
    @property
    def model_id(self) -> str: ...

    def upscale(
        self, picture: bytes, width: int, height: int, on_progress: ProgressCallback | None = None
    ) -> bytes:
        """`picture` (PNG) enlarged to exactly `width` x `height`, as a PNG. `on_progress(done, total)`
        after each tile."""
        ...
