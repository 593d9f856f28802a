"""Upscaling for print: Real-ESRGAN x4plus (rrdbnet.py), tiled, fp16 on CUDA and fp32 on CPU.

Tiles: the picture is cut into `tile` x `tile` squares, each run with `overlap` pixels of its
neighbours around it as context, and only its own part of the output is kept. With the context at
least the network's reach no seam can show; Real-ESRGAN's 23 blocks reach further than any sensible
context, and 32 px already leaves no visible seam (a test compares tiled and untiled output of the
tiny network, whose reach the default context covers). Tiles bound the memory: a 1024 px input is
4096 px out, about 200 MB of fp32 activations per 256 px tile instead of gigabytes at once.

x2 is x4 and then a Lanczos reduction (the model is trained for x4 only); any target size is met the
same way. Imports torch: only the worker loads this module.
"""

from __future__ import annotations

import io
import logging
import tempfile
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from tortodelova.adapters.ml import rrdbnet
from tortodelova.adapters.ml.device import default_dtype
from tortodelova.application.ports.ml import ProgressCallback

log = logging.getLogger(__name__)

TILE_DEFAULT = 256
OVERLAP_DEFAULT = 32
DEMO_UPSCALER_ID = "demo/tiny-random-rrdbnet"


class TiledUpscaler:
    def __init__(
        self,
        net: rrdbnet.RRDBNet,
        *,
        model_id: str,
        device: str = "cpu",
        tile: int = TILE_DEFAULT,
        overlap: int = OVERLAP_DEFAULT,
        is_demo: bool = False,
    ) -> None:
        if tile < 16 or overlap < 0:
            raise ValueError("UPSCALE_TILE must be at least 16 and UPSCALE_OVERLAP at least 0")
        self.dtype = default_dtype(device)  # float16 on CUDA, float32 on CPU
        self.net = net.to(device=device, dtype=self.dtype).eval()
        self.model_id, self.device, self.tile, self.overlap = model_id, device, tile, overlap
        self.is_demo = is_demo

    def upscale(
        self, picture: bytes, width: int, height: int, on_progress: ProgressCallback | None = None
    ) -> bytes:
        with Image.open(io.BytesIO(picture)) as source:
            rgb = np.array(source.convert("RGB"))  # a writable copy for torch
        out = Image.fromarray(self.upscale_array(rgb, on_progress))
        if out.size != (width, height):
            out = out.resize((width, height), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        out.save(buffer, format="PNG", compress_level=1)
        return buffer.getvalue()

    @torch.inference_mode()
    def upscale_array(self, rgb: np.ndarray, on_progress: ProgressCallback | None = None) -> np.ndarray:
        """H x W x 3 uint8 -> 4H x 4W x 3 uint8, tile by tile."""
        height, width = rgb.shape[:2]
        image = torch.from_numpy(rgb).permute(2, 0, 1).unsqueeze(0).to(self.device, self.dtype) / 255
        out = torch.empty((1, 3, height * rrdbnet.SCALE, width * rrdbnet.SCALE), dtype=torch.uint8)
        tiles = [(y, x) for y in range(0, height, self.tile) for x in range(0, width, self.tile)]
        for done, (y, x) in enumerate(tiles, start=1):
            y1, x1 = min(y + self.tile, height), min(x + self.tile, width)
            # the tile with its context, clipped at the picture's edges
            cy0, cx0 = max(y - self.overlap, 0), max(x - self.overlap, 0)
            cy1, cx1 = min(y1 + self.overlap, height), min(x1 + self.overlap, width)
            result = self.net(image[:, :, cy0:cy1, cx0:cx1])
            s = rrdbnet.SCALE
            keep = result[:, :, (y - cy0) * s : (y1 - cy0) * s, (x - cx0) * s : (x1 - cx0) * s]
            out[:, :, y * s : y1 * s, x * s : x1 * s] = (
                (keep.float().clamp(0, 1) * 255).round().to("cpu", torch.uint8)
            )
            if on_progress is not None:
                on_progress(done, len(tiles))
        return out[0].permute(1, 2, 0).numpy()


def load_upscaler(path: Path, model_id: str, *, device: str, tile: int, overlap: int) -> TiledUpscaler:
    log.info("upscaler %s from %s on %s", model_id, path, device)
    return TiledUpscaler(rrdbnet.load(path), model_id=model_id, device=device, tile=tile, overlap=overlap)


def build_demo_upscaler(
    *, device: str = "cpu", tile: int = TILE_DEFAULT, overlap: int = OVERLAP_DEFAULT
) -> TiledUpscaler:
    """A tiny random RRDBNet, saved as safetensors and read back by the production loader: the demo
    engine's upscaler takes the same path as Real-ESRGAN (its pictures are noise, like the demo's designs)."""
    from safetensors.torch import save_file

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tiny-rrdbnet.safetensors"
        save_file(rrdbnet.build_tiny().state_dict(), str(path))
        net = rrdbnet.load(path)
    return TiledUpscaler(
        net, model_id=DEMO_UPSCALER_ID, device=device, tile=tile, overlap=overlap, is_demo=True
    )
