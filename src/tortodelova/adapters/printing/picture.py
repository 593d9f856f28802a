"""The design prepared for print: cropped to the picture box's proportions and lightened for edible inks."""

from __future__ import annotations

import io

from PIL import Image, ImageOps


def load_rgb(png: bytes) -> Image.Image:
    with Image.open(io.BytesIO(png)) as image:
        return image.convert("RGB")


def cover(image: Image.Image, aspect: float) -> Image.Image:
    """The centred crop of `image` with width / height = `aspect` (nothing is stretched)."""
    width, height = image.size
    if abs(width / height - aspect) < 1e-6:
        return image
    if width / height > aspect:  # too wide: trim the sides
        target = (max(1, round(height * aspect)), height)
    else:  # too tall: trim top and bottom
        target = (width, max(1, round(width / aspect)))
    return ImageOps.fit(image, target, method=Image.Resampling.LANCZOS, centering=(0.5, 0.5))


def lighten(image: Image.Image, percent: int) -> Image.Image:
    """Lift the mid-tones by a gamma curve (black and white stay): edible inks soak into sugar and
    print darker than a screen shows. 0 changes nothing; 40 % brings mid-grey 128 to about 157."""
    if percent <= 0:
        return image
    exponent = 1 / (1 + percent / 100)
    table = [round(255 * (v / 255) ** exponent) for v in range(256)]
    return image.point(table * 3)
