"""Live previews: the latents of a running denoising loop as small JPEG data URIs.

Two decoders, both far cheaper than the model's VAE:
- TAESD (`diffusers.AutoencoderTiny`, madebyollin/taesd, ~10 MB) when its weights were pulled: a
  real picture of the image forming. It decodes the UNet-space latents directly (scaling factor 1).
- otherwise the standard linear SD 1.5 approximation ("latent2rgb" of AUTOMATIC1111 / ComfyUI):
  each latent pixel's 4 channels times a 4x3 matrix, mapped from [-1, 1] to [0, 1]. Blurry colours,
  no detail, but it costs a matrix product.

Both work on latents reduced to at most `max_side / 8` per side first (TAESD upsamples 8x, the
linear map none), so the cost does not grow with the render size. The JPEG is small on purpose: the
event transport (PostgreSQL NOTIFY) carries at most 8000 bytes.
"""

from __future__ import annotations

import base64
import io
from typing import Any

PREVIEW_MAX_SIDE = 128
PREVIEW_JPEG_QUALITY = 60
PREVIEW_EVERY = 4  # steps between two previews
DATA_URI_PREFIX = "data:image/jpeg;base64,"
# A NOTIFY payload carries under 8000 bytes with the event's other fields (~300): a detailed picture
# is re-encoded at lower qualities until its data URI fits (else the transport drops it).
PREVIEW_MAX_CHARS = 7200
_FALLBACK_QUALITIES = (40, 25)

# SD 1.5 latent channel -> (R, G, B), as in ComfyUI's latent_formats.SD15; rgb = (latent @ M + 1) / 2.
SD15_LATENT_RGB: tuple[tuple[float, float, float], ...] = (
    (0.3512, 0.2297, 0.3227),
    (0.3250, 0.4974, 0.2350),
    (-0.2829, 0.1762, 0.2721),
    (-0.2120, -0.2616, -0.7177),
)
SD15_LATENT_RGB_BIAS = (0.0, 0.0, 0.0)


def jpeg_data_uri(
    pixels: Any, quality: int = PREVIEW_JPEG_QUALITY, max_chars: int = PREVIEW_MAX_CHARS
) -> str:
    """HxWx3 uint8 array -> data:image/jpeg;base64,... of at most `max_chars` when a lower quality
    gets it there (the lowest tried is returned otherwise)."""
    from PIL import Image

    image = Image.fromarray(pixels, "RGB")
    uri = ""
    for q in (quality, *(q for q in _FALLBACK_QUALITIES if q < quality)):
        buf = io.BytesIO()
        image.save(buf, "JPEG", quality=q)
        uri = DATA_URI_PREFIX + base64.b64encode(buf.getvalue()).decode("ascii")
        if len(uri) <= max_chars:
            break
    return uri


def preview_size(width: int, height: int, max_side: int = PREVIEW_MAX_SIDE) -> tuple[int, int]:
    """(w, h) of a preview of a width x height image: at most max_side, aspect kept."""
    scale = min(1.0, max_side / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


class LatentPreviewer:
    """Turns a batch of latents into one data URI per image. `taesd`: an AutoencoderTiny already on
    the pipeline's device, or None for the linear approximation."""

    def __init__(
        self,
        taesd: Any | None = None,
        *,
        max_side: int = PREVIEW_MAX_SIDE,
        quality: int = PREVIEW_JPEG_QUALITY,
    ) -> None:
        self.taesd = taesd
        self.max_side = max_side
        self.quality = quality

    @property
    def kind(self) -> str:
        return "taesd" if self.taesd is not None else "linear"

    def __call__(self, latents: Any) -> list[str]:
        import torch

        with torch.inference_mode():
            rgb = self._decode(latents)  # B x 3 x h x w in [0, 1], at most max_side per side
            pixels = (rgb * 255).round_().clamp_(0, 255).to(torch.uint8).permute(0, 2, 3, 1).cpu().numpy()
        return [jpeg_data_uri(p, self.quality) for p in pixels]

    def _decode(self, latents: Any) -> Any:
        import torch.nn.functional as F

        _, _, h, w = latents.shape
        if self.taesd is not None:
            # TAESD upsamples 8x: feed it latents of at most max_side / 8 per side.
            lw, lh = preview_size(w, h, max(1, self.max_side // 8))
            small = latents if (lw, lh) == (w, h) else F.interpolate(latents, size=(lh, lw), mode="area")
            decoded = self.taesd.decode(small.to(self.taesd.dtype), return_dict=False)[0]
            return (decoded.float() / 2 + 0.5).clamp(0, 1)
        pw, ph = preview_size(w * 8, h * 8, self.max_side)
        return _linear_rgb(latents, (ph, pw))


def _linear_rgb(latents: Any, size: tuple[int, int]) -> Any:
    import torch
    import torch.nn.functional as F

    m = torch.tensor(SD15_LATENT_RGB, dtype=torch.float32, device=latents.device)
    bias = torch.tensor(SD15_LATENT_RGB_BIAS, dtype=torch.float32, device=latents.device)
    rgb = torch.einsum("bchw,cr->brhw", latents.float(), m) + bias[None, :, None, None]
    rgb = ((rgb + 1) / 2).clamp(0, 1)
    return F.interpolate(rgb, size=size, mode="bilinear", align_corners=False)


def preview_steps(total: int, every: int) -> frozenset[int]:
    """The 0-based steps after which a preview is made: every `every`-th, never the last (the
    finished image follows at once). every <= 0: none."""
    if every <= 0:
        return frozenset()
    return frozenset(i for i in range(every - 1, total - 1, every))
