"""The print upscaler: Real-ESRGAN checkpoints through spandrel, and tiles without seams."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image
from safetensors.torch import save_file
from spandrel.architectures.ESRGAN import ESRGAN

from tortodelova.adapters.ml.upscaler import (
    NotAnUpscaler,
    TiledUpscaler,
    build_demo_upscaler,
    load_model,
)


def _picture(width: int, height: int, seed: int = 0) -> np.ndarray:
    """Smooth shapes and noise: edges everywhere, so a seam would show."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width]
    base = np.stack([np.sin(x / 5.0), np.cos(y / 7.0), np.sin((x + y) / 9.0)], axis=2) * 100 + 128
    return np.clip(base + rng.normal(0, 20, base.shape), 0, 255).astype(np.uint8)


def test_tiled_equals_untiled_within_2_of_255():
    picture = _picture(72, 56)
    untiled = build_demo_upscaler(tile=1024).upscale_array(picture)
    tiled = build_demo_upscaler(tile=16, overlap=32).upscale_array(picture)  # 20 tiles, default context
    assert untiled.shape == tiled.shape == (56 * 4, 72 * 4, 3)
    assert np.abs(untiled.astype(int) - tiled.astype(int)).max() <= 2
    # without context the tiles' edges do show: the comparison can see seams
    seamed = build_demo_upscaler(tile=16, overlap=0).upscale_array(picture)
    assert np.abs(untiled.astype(int) - seamed.astype(int)).max() > 2


def test_the_output_is_four_times_the_input_or_the_size_asked():
    upscaler = build_demo_upscaler(tile=32, overlap=8)
    png = io.BytesIO()
    Image.fromarray(_picture(40, 24)).save(png, format="PNG")
    progress: list[tuple[int, int]] = []
    x4 = Image.open(
        io.BytesIO(upscaler.upscale(png.getvalue(), 160, 96, lambda d, t: progress.append((d, t))))
    )
    assert x4.size == (160, 96) and progress == [(1, 2), (2, 2)]
    x2 = Image.open(io.BytesIO(upscaler.upscale(png.getvalue(), 80, 48)))  # x4, then Lanczos down
    assert x2.size == (80, 48)


def test_fp32_on_the_cpu():
    upscaler = build_demo_upscaler()
    assert upscaler.dtype == torch.float32 and next(upscaler.model.model.parameters()).dtype == torch.float32
    assert upscaler.model_id == "demo/tiny-random-esrgan" and upscaler.is_demo
    assert upscaler.model.architecture.name == "ESRGAN"  # spandrel recognised the saved file


def _real_esrgan_names(state: dict[str, torch.Tensor], num_block: int) -> dict[str, torch.Tensor]:
    """The same weights under Real-ESRGAN's (BasicSR's) names, as RealESRGAN_x4plus.pth has them."""
    old_to_new = {
        "model.0.": "conv_first.",
        f"model.1.sub.{num_block}.": "conv_body.",
        "model.3.": "conv_up1.",
        "model.6.": "conv_up2.",
        "model.8.": "conv_hr.",
        "model.10.": "conv_last.",
    }
    out = {}
    for key, tensor in state.items():
        parts = key.split(".")
        if key.startswith("model.1.sub.") and parts[4].startswith("RDB"):
            # model.1.sub.B.RDBn.convk.0.leaf -> body.B.rdbn.convk.leaf
            out[f"body.{parts[3]}.rdb{parts[4][-1]}.{parts[5]}.{parts[7]}"] = tensor
        else:
            prefix = next(p for p in old_to_new if key.startswith(p))
            out[old_to_new[prefix] + key[len(prefix) :]] = tensor
    return out


@pytest.mark.parametrize("layout", ["safetensors", "pth params_ema", "pth esrgan names"])
def test_checkpoints_in_every_naming_load_to_the_same_network(tmp_path: Path, layout: str):
    net = ESRGAN(num_filters=8, num_blocks=2, scale=4)
    state = net.state_dict()
    if layout == "safetensors":
        path = tmp_path / "RealESRGAN_x4plus.safetensors"
        save_file(_real_esrgan_names(state, 2), str(path))
    elif layout == "pth params_ema":
        path = tmp_path / "RealESRGAN_x4plus.pth"
        torch.save({"params_ema": _real_esrgan_names(state, 2)}, path)
    else:
        path = tmp_path / "RealESRGAN_x4plus.pth"
        torch.save(state, path)
    loaded = load_model(path)
    assert loaded.architecture.name == "ESRGAN" and loaded.scale == 4
    picture = _picture(12, 10)
    ours = TiledUpscaler(load_model_from(net), model_id="x").upscale_array(picture)
    theirs = TiledUpscaler(loaded, model_id="x").upscale_array(picture)
    assert np.array_equal(ours, theirs)


def load_model_from(net: ESRGAN):  # noqa: ANN201 - spandrel's descriptor
    from spandrel import ModelLoader

    return ModelLoader().load_from_state_dict(net.state_dict())


def test_a_model_that_is_not_an_x4_upscaler_is_refused(tmp_path: Path):
    path = tmp_path / "RealESRGAN_x4plus.safetensors"
    save_file(ESRGAN(num_filters=8, num_blocks=1, scale=2).state_dict(), str(path))
    with pytest.raises(NotAnUpscaler, match="x2"):
        load_model(path)


def test_x4plus_has_the_published_shape():
    net = ESRGAN()  # 64 features, 23 blocks, growth 32
    assert sum(p.numel() for p in net.parameters()) == 16_697_987
