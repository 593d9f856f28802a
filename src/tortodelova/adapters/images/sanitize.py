"""Uploaded pictures with Pillow: only JPEG/PNG/WebP, size checked from the header before decoding,
verified, EXIF orientation applied, scaled down to MAX_STORED_SIDE, every byte of metadata (EXIF, GPS,
ICC, XMP, text chunks) left behind, re-encoded as PNG: RGB for a reference, 8-bit grayscale 0/255 for a
mask (white = redraw)."""

from __future__ import annotations

import io
import threading
import warnings
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError

from tortodelova.application.ports.images import CleanImage
from tortodelova.domain.images import (
    ACCEPTED_FORMATS,
    MASK_THRESHOLD,
    MAX_PIXELS,
    MAX_STORED_SIDE,
    NotAnImage,
    TooManyPixels,
)

# A 40-megapixel picture decodes to ~120 MB (more during rotation): a few at a time per process.
MAX_CONCURRENT = 2
# Decoding errors of broken or hostile files; Pillow raises all of these in practice.
_DECODE_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, TypeError, IndexError)


class PillowSanitizer:
    def __init__(self, max_pixels: int = MAX_PIXELS, max_concurrent: int = MAX_CONCURRENT) -> None:
        self.max_pixels = max_pixels
        self._slots = threading.BoundedSemaphore(max_concurrent)

    def sanitize(self, data: bytes, *, mask: bool) -> CleanImage:
        with self._slots, warnings.catch_warnings():
            # Pillow's own bomb guard (warning above ~89 MP, error above twice that) backs ours up
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                self._probe(data)
                image = self._decode(data)
            except (Image.DecompressionBombError, Image.DecompressionBombWarning):
                raise TooManyPixels() from None
            except _DECODE_ERRORS:
                raise NotAnImage() from None
            clean = _to_grey(image) if mask else _to_rgb(image)
            clean.thumbnail((MAX_STORED_SIDE, MAX_STORED_SIDE), Image.Resampling.LANCZOS)
            if mask:  # after scaling: the edges stay hard
                clean = clean.point(lambda v: 255 if v >= MASK_THRESHOLD else 0)
            # a fresh image from raw pixels: nothing of the source's `info` (ICC, EXIF, XMP) survives
            bare = Image.frombytes(clean.mode, clean.size, clean.tobytes())
            out = io.BytesIO()
            bare.save(out, format="PNG", compress_level=1)  # speed over ~13% size (bench/RESULTS.md)
            return CleanImage(out.getvalue(), bare.width, bare.height)

    def _probe(self, data: bytes) -> None:
        """The header only (no pixel data yet): refuse other formats and huge canvases, then verify."""
        with Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS) as probe:
            width, height = probe.size
            if width <= 0 or height <= 0:
                raise NotAnImage()
            if width * height > self.max_pixels:
                raise TooManyPixels()
            probe.verify()

    def _decode(self, data: bytes) -> Any:
        # verify() leaves its image unusable: decode from a fresh open; a truncated file fails in load()
        image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
        image.seek(0)  # an animated WebP/PNG: its first frame
        image.load()
        return ImageOps.exif_transpose(image)


def _to_rgb(image: Any) -> Any:
    """Transparent areas become white (a cake photo on a cut-out background), not black."""
    if _has_alpha(image):
        rgba = image.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, (255, 255, 255))
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        return canvas
    return _eight_bit(image).convert("RGB")


def _to_grey(image: Any) -> Any:
    """Grayscale for a mask; a transparent pixel is "keep" (a brush layer over nothing)."""
    if _has_alpha(image):
        rgba = image.convert("RGBA")
        canvas = Image.new("L", rgba.size, 0)
        canvas.paste(rgba.convert("L"), mask=rgba.getchannel("A"))
        return canvas
    return _eight_bit(image).convert("L")


def _has_alpha(image: Any) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)


def _eight_bit(image: Any) -> Any:
    """A 16-bit greyscale PNG scaled to 8 bits; any other image as it is."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        return image.point(lambda v: v / 256).convert("L")
    return image
