"""Upscaling for print: Real-ESRGAN x4plus loaded by spandrel, tiled, fp16 on CUDA and fp32 on CPU.

spandrel (the loader of AUTOMATIC1111 and ComfyUI) reads the checkpoint, .safetensors or .pth (its
restricted unpickler: no pickled code runs), in either naming (Real-ESRGAN's `conv_first...` or
ESRGAN's `model.0...`, `params_ema` wrappers too), recognises the architecture from the tensors and
builds the network; anything but an x4 RGB super-resolution model is refused.

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
from typing import Any

import numpy as np
import torch
from PIL import Image
from spandrel import ImageModelDescriptor, ModelLoader

from tortodelova.application.ports.ml import ProgressCallback

log = logging.getLogger(__name__)

SCALE = 4  # x4plus
TILE_DEFAULT = 256
OVERLAP_DEFAULT = 32
DEMO_UPSCALER_ID = "demo/tiny-random-esrgan"


class NotAnUpscaler(ValueError):
    """The weight file holds some other kind of model than an x4 RGB super-resolution network."""


class TiledUpscaler:
    def __init__(
        self,
        model: ImageModelDescriptor[Any],
        *,
        model_id: str,
        device: str = "cpu",
        tile: int = TILE_DEFAULT,
        overlap: int = OVERLAP_DEFAULT,
        is_demo: bool = False,
    ) -> None:
        if tile < 16 or overlap < 0:
            raise ValueError("UPSCALE_TILE must be at least 16 and UPSCALE_OVERLAP at least 0")
        half = device.startswith("cuda") and model.supports_half
        self.dtype = torch.float16 if half else torch.float32
        self.model = model.to(device).to(self.dtype).eval()
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
        s = SCALE
        out = torch.empty((1, 3, height * s, width * s), dtype=torch.uint8)
        tiles = [(y, x) for y in range(0, height, self.tile) for x in range(0, width, self.tile)]
        for done, (y, x) in enumerate(tiles, start=1):
            y1, x1 = min(y + self.tile, height), min(x + self.tile, width)
            # the tile with its context, clipped at the picture's edges
            cy0, cx0 = max(y - self.overlap, 0), max(x - self.overlap, 0)
            cy1, cx1 = min(y1 + self.overlap, height), min(x1 + self.overlap, width)
            result = self.model(image[:, :, cy0:cy1, cx0:cx1])  # clamped to [0, 1] by spandrel
            keep = result[:, :, (y - cy0) * s : (y1 - cy0) * s, (x - cx0) * s : (x1 - cx0) * s]
            out[:, :, y * s : y1 * s, x * s : x1 * s] = (keep.float() * 255).round().to("cpu", torch.uint8)
            if on_progress is not None:
                on_progress(done, len(tiles))
        return out[0].permute(1, 2, 0).numpy()


def load_model(path: Path) -> ImageModelDescriptor[Any]:
    """The checkpoint through spandrel, on the CPU; only an x4 RGB image-to-image model is accepted."""
    descriptor = ModelLoader().load_from_file(path)
    if not (
        isinstance(descriptor, ImageModelDescriptor)
        and descriptor.purpose == "SR"
        and descriptor.scale == SCALE
        and descriptor.input_channels == descriptor.output_channels == 3
    ):
        raise NotAnUpscaler(
            f"{path.name}: {descriptor.architecture.name} x{descriptor.scale} is not an x{SCALE} RGB upscaler"
        )
    return descriptor


def load_upscaler(path: Path, model_id: str, *, device: str, tile: int, overlap: int) -> TiledUpscaler:
    log.info("upscaler %s from %s on %s", model_id, path, device)
    return TiledUpscaler(load_model(path), model_id=model_id, device=device, tile=tile, overlap=overlap)


def tiny_esrgan_state(seed: int = 3, detail: float = 0.3) -> dict[str, torch.Tensor]:
    """A tiny ESRGAN x4 (8 features, one block; spandrel's own architecture class): the demo engine's
    upscaler and the tests', saved and loaded back like the real weights. Random weights alone turn
    any picture into dark noise, so the identity is added on the path that carries the picture (the
    first, trunk, upsampling and last convolutions pass the colours on) and the random part,
    `detail`-scaled, adds the texture: the demo's upscale still shows the design it was made from."""
    from spandrel.architectures.ESRGAN import ESRGAN

    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        state = ESRGAN(num_filters=8, num_blocks=1, scale=SCALE).state_dict()
    # ESRGAN's names: model.0 first, model.1.sub.1 trunk (after the one block), model.3 and model.6
    # the upsampling convolutions, model.8 the HR convolution, model.10 the last.
    path = {"model.0": 3, "model.1.sub.1": 8, "model.3": 8, "model.6": 8, "model.8": 8, "model.10": 3}
    with torch.no_grad():
        for name, channels in path.items():
            weight = state[f"{name}.weight"]
            weight.mul_(detail)
            state[f"{name}.bias"].zero_()
            if name != "model.1.sub.1":  # the trunk adds to a skip connection: noise only
                for c in range(channels):
                    weight[c, c, 1, 1] += 1.0  # the centre tap carries channel c on
    return state


def build_demo_upscaler(
    *, device: str = "cpu", tile: int = TILE_DEFAULT, overlap: int = OVERLAP_DEFAULT
) -> TiledUpscaler:
    """The tiny network, saved as safetensors and read back by the production loader: the demo
    engine's upscaler takes the same path as Real-ESRGAN (its pictures are noise, like the demo's designs)."""
    from safetensors.torch import save_file

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tiny-esrgan.safetensors"
        save_file(tiny_esrgan_state(), str(path))
        model = load_model(path)
    return TiledUpscaler(
        model, model_id=DEMO_UPSCALER_ID, device=device, tile=tile, overlap=overlap, is_demo=True
    )
