"""The sRGB ICC profile every print file carries: designs are drawn and shown in sRGB."""

from __future__ import annotations

from functools import cache

from PIL import ImageCms

SRGB_DESCRIPTION = "sRGB IEC61966-2.1"


@cache
def srgb_profile() -> bytes:
    """littleCMS's built-in sRGB profile (Pillow's ImageCms), as ICC bytes."""
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
