"""Making an uploaded picture safe to keep: decode, verify, orient, strip metadata, re-encode."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class CleanImage:
    png: bytes  # metadata-free PNG: RGB for a reference, 8-bit grayscale 0/255 for a mask
    width: int
    height: int


class ImageSanitizer(Protocol):
    def sanitize(self, data: bytes, *, mask: bool) -> CleanImage:
        """Blocking (the caller runs it in a thread). Raises domain.images.NotAnImage / TooManyPixels."""
        ...
