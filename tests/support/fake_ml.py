"""Fake ML adapters: a dictionary translator and a generator that draws a flat-colour PNG."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence

from tortodelova.application.ports.ml import ImageJob, PreviewCallback, ProgressCallback, Translation


class DictionaryTranslator:
    """Word-by-word lookup; unknown words pass through. Counts calls so caching can be tested."""

    def __init__(self, words: dict[str, str] | None = None) -> None:
        self.words = words or {"торт": "cake", "с": "with", "ягодами": "berries", "розовый": "pink"}
        self.calls = 0

    def translate(self, texts: Sequence[str]) -> list[Translation]:
        self.calls += 1
        return [Translation(" ".join(self.words.get(w.lower(), w) for w in t.split())) for t in texts]


class StylePromptJoiner:
    """Minimal PromptBuilder for unit tests: idea, then style code."""

    def build(self, prompt_en: str, style: str, negative_en: str | None) -> tuple[str, str]:
        return f"{prompt_en}, {style} cake", negative_en or "blurry"


def png_bytes(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A valid PNG of one colour, standard library only."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


class SolidColorGenerator:
    """Colour derived from the seed; optional failure for tests."""

    model_id = "fake/solid-color"
    is_demo = True

    def __init__(self, fail_with: Exception | None = None) -> None:
        self.fail_with = fail_with
        self.batches: list[int] = []

    def generate(
        self,
        jobs: Sequence[ImageJob],
        on_progress: ProgressCallback | None = None,
        on_preview: PreviewCallback | None = None,
    ) -> list[bytes]:
        if self.fail_with is not None:
            raise self.fail_with
        self.batches.append(len(jobs))
        steps = jobs[0].batch.steps if jobs else 0
        for step in range(1, steps + 1):
            if on_progress:
                on_progress(step, steps)
        return [png_bytes(8, 8, (j.seed % 256, (j.seed >> 8) % 256, (j.seed >> 16) % 256)) for j in jobs]


class ResizingUpscaler:
    """An upscaler without torch: Pillow's Lanczos to the size asked. Counts its calls; may fail."""

    model_id = "fake/resize"

    def __init__(self, fail_with: Exception | None = None) -> None:
        self.fail_with = fail_with
        self.calls = 0

    def upscale(
        self, picture: bytes, width: int, height: int, on_progress: ProgressCallback | None = None
    ) -> bytes:
        import io

        from PIL import Image

        self.calls += 1
        if self.fail_with is not None:
            raise self.fail_with
        with Image.open(io.BytesIO(picture)) as source:
            out = source.convert("RGB").resize((width, height), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        out.save(buffer, format="PNG")
        if on_progress:
            on_progress(1, 1)
        return buffer.getvalue()
