"""Real-ESRGAN's generator, RRDBNet (ESRGAN's residual-in-residual dense blocks), and its weights.

The layout and the parameter names are those of the RealESRGAN_x4plus checkpoint (BasicSR's
`RRDBNet`), so the published weights load with `strict=True`; checkpoints in the original ESRGAN
naming (`model.0.weight`, `model.1.sub.N.RDB1...`) and `params_ema` wrappers are read too (what
spandrel, the loader of AUTOMATIC1111 and ComfyUI, accepts for this architecture).

Why not spandrel itself: importing spandrel imports torchvision, and the only torchvision wheels the
package indexes offer are CUDA builds that fail to import next to the CPU build of torch this project
installs for development and CI (`operator torchvision::nms does not exist`). One architecture, in
about sixty lines of torch, is what the upscaler needs.

Imports torch: only the worker loads this module.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import torch
from torch import nn
from torch.nn import functional

SCALE = 4  # x4plus: two nearest-neighbour x2 steps


class ResidualDenseBlock(nn.Module):
    def __init__(self, num_feat: int, num_grow_ch: int) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(num_feat, num_grow_ch, 3, 1, 1)
        self.conv2 = nn.Conv2d(num_feat + num_grow_ch, num_grow_ch, 3, 1, 1)
        self.conv3 = nn.Conv2d(num_feat + 2 * num_grow_ch, num_grow_ch, 3, 1, 1)
        self.conv4 = nn.Conv2d(num_feat + 3 * num_grow_ch, num_grow_ch, 3, 1, 1)
        self.conv5 = nn.Conv2d(num_feat + 4 * num_grow_ch, num_feat, 3, 1, 1)
        self.lrelu = nn.LeakyReLU(negative_slope=0.2, inplace=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x1 = self.lrelu(self.conv1(x))
        x2 = self.lrelu(self.conv2(torch.cat((x, x1), 1)))
        x3 = self.lrelu(self.conv3(torch.cat((x, x1, x2), 1)))
        x4 = self.lrelu(self.conv4(torch.cat((x, x1, x2, x3), 1)))
        x5 = self.conv5(torch.cat((x, x1, x2, x3, x4), 1))
        return x5 * 0.2 + x


class RRDB(nn.Module):
    def __init__(self, num_feat: int, num_grow_ch: int) -> None:
        super().__init__()
        self.rdb1 = ResidualDenseBlock(num_feat, num_grow_ch)
        self.rdb2 = ResidualDenseBlock(num_feat, num_grow_ch)
        self.rdb3 = ResidualDenseBlock(num_feat, num_grow_ch)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.rdb3(self.rdb2(self.rdb1(x))) * 0.2 + x


class RRDBNet(nn.Module):
    """x4 RRDBNet; x4plus is num_feat=64, num_block=23, num_grow_ch=32 (about 16.7 M parameters)."""

    def __init__(self, num_feat: int = 64, num_block: int = 23, num_grow_ch: int = 32) -> None:
        super().__init__()
        self.conv_first = nn.Conv2d(3, num_feat, 3, 1, 1)
        self.body = nn.Sequential(*[RRDB(num_feat, num_grow_ch) for _ in range(num_block)])
        self.conv_body = nn.Conv2d(num_feat, num_feat, 3, 1, 1)
        self.conv_up1 = nn.Conv2d(num_feat, num_feat, 3, 1, 1)
        self.conv_up2 = nn.Conv2d(num_feat, num_feat, 3, 1, 1)
        self.conv_hr = nn.Conv2d(num_feat, num_feat, 3, 1, 1)
        self.conv_last = nn.Conv2d(num_feat, 3, 3, 1, 1)
        self.lrelu = nn.LeakyReLU(negative_slope=0.2, inplace=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        feat = self.conv_first(x)
        feat = feat + self.conv_body(self.body(feat))
        feat = self.lrelu(self.conv_up1(functional.interpolate(feat, scale_factor=2, mode="nearest")))
        feat = self.lrelu(self.conv_up2(functional.interpolate(feat, scale_factor=2, mode="nearest")))
        return self.conv_last(self.lrelu(self.conv_hr(feat)))


# Original ESRGAN names -> Real-ESRGAN names (x4: the upsampling convolutions are model.3 and model.6).
_OLD_NAMES = (
    (re.compile(r"^model\.0\."), "conv_first."),
    (re.compile(r"^model\.1\.sub\.(\d+)\.RDB(\d)\.conv(\d)\.0\."), r"body.\1.rdb\2.conv\3."),
    (re.compile(r"^model\.3\."), "conv_up1."),
    (re.compile(r"^model\.6\."), "conv_up2."),
    (re.compile(r"^model\.8\."), "conv_hr."),
    (re.compile(r"^model\.10\."), "conv_last."),
)


def canonical_state_dict(state: Mapping[str, Any]) -> dict[str, torch.Tensor]:
    """The checkpoint's tensors under RRDBNet's names (unwrapping params_ema / params)."""
    for wrapper in ("params_ema", "params", "state_dict"):
        if wrapper in state and isinstance(state[wrapper], Mapping):
            state = state[wrapper]
            break
    if "model.0.weight" not in state:
        return dict(state)
    body_blocks = {int(m.group(1)) for k in state if (m := re.match(r"^model\.1\.sub\.(\d+)\.RDB", k))}
    trunk = max(body_blocks) + 1  # the convolution after the last block
    renamed = {}
    for key, tensor in state.items():
        new = re.sub(rf"^model\.1\.sub\.{trunk}\.", "conv_body.", key)
        for pattern, replacement in _OLD_NAMES:
            new = pattern.sub(replacement, new)
        renamed[new] = tensor
    return renamed


def from_state_dict(state: Mapping[str, Any]) -> RRDBNet:
    """An RRDBNet shaped by the checkpoint (features, blocks, growth), its weights loaded strictly."""
    weights = canonical_state_dict(state)
    num_feat = weights["conv_first.weight"].shape[0]
    num_grow_ch = weights["body.0.rdb1.conv1.weight"].shape[0]
    num_block = 1 + max(int(k.split(".")[1]) for k in weights if k.startswith("body."))
    net = RRDBNet(num_feat=num_feat, num_block=num_block, num_grow_ch=num_grow_ch)
    net.load_state_dict(weights, strict=True)
    return net.eval()


def load(path: Path) -> RRDBNet:
    """A .safetensors or a .pth (tensors only: weights_only, no pickled code runs)."""
    if path.suffix == ".safetensors":
        from safetensors.torch import load_file

        return from_state_dict(load_file(str(path)))
    return from_state_dict(torch.load(path, map_location="cpu", weights_only=True))


def build_tiny(seed: int = 3, detail: float = 0.3) -> RRDBNet:
    """A tiny RRDBNet (one block, 8 features): the demo engine's upscaler, saved and loaded back
    through `load` like the real weights. Random weights alone turn any picture into dark noise, so
    the identity is added on the path that carries the picture (the first, upsampling and last
    convolutions pass the colours on) and the random part, `detail`-scaled, adds the texture: the
    demo's upscale still shows the design (with its inscription) it was made from."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        net = RRDBNet(num_feat=8, num_block=1, num_grow_ch=4).eval()
    with torch.no_grad():
        for conv in (net.conv_first, net.conv_up1, net.conv_up2, net.conv_hr, net.conv_last, net.conv_body):
            conv.weight.mul_(detail)
            conv.bias.zero_()
        for conv, channels in (
            (net.conv_first, 3),
            (net.conv_up1, 8),
            (net.conv_up2, 8),
            (net.conv_hr, 8),
            (net.conv_last, 3),
        ):
            for c in range(channels):
                conv.weight[c, c, 1, 1] += 1.0  # the centre tap carries channel c on
    return net
