"""Starting pictures of img2img and inpainting: fitted to the job's size, and the inpainting guarantee.

A source is scaled to cover width x height and cropped in the centre (no distortion, no borders).
A mask goes through the same fit and is then binarised at mid-grey (white = redraw), the threshold
diffusers' mask processor uses, so the model and the final composite agree on the area.
"""

from __future__ import annotations

import io
from typing import Any

from tortodelova.domain.images import MASK_THRESHOLD


def fit_source(png: bytes, width: int, height: int) -> Any:
    """The source as an RGB PIL image of exactly width x height (cover, centred crop)."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(png)) as img:
        rgb = img.convert("RGB")
    return ImageOps.fit(rgb, (width, height), Image.Resampling.LANCZOS, centering=(0.5, 0.5))


def fit_mask(png: bytes, width: int, height: int) -> Any:
    """The mask as an L PIL image of exactly width x height holding only 0 and 255."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(png)) as img:
        gray = img.convert("L")
    fitted = ImageOps.fit(gray, (width, height), Image.Resampling.BILINEAR, centering=(0.5, 0.5))
    return fitted.point(lambda v: 255 if v >= MASK_THRESHOLD else 0)


def keep_outside_mask(rendered: Any, source: Any, mask: Any) -> Any:
    """HxWx3 uint8 array: the rendered pixels where the mask is white, the source's exactly elsewhere.

    The model works on 8x smaller latents and the VAE round trip changes every pixel a little, so
    without this step the untouched part of the cake would drift."""
    import numpy as np
    from PIL import Image

    return np.asarray(Image.composite(Image.fromarray(rendered, "RGB"), source, mask))
