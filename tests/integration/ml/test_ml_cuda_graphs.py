"""CUDA-graph replay of the UNet forward (adapters/ml/cuda_graphs.py), on the CPU.

Real CUDA capture needs a GPU (checked by `bash bench/run_gpu.sh graphs`, see bench/RESULTS.md).
Here a stand-in capture (`replay()` recomputes the forward from the static inputs into the static
output, as a graph does) runs everything around it: shape keys, static input copies, the eager
fallbacks, the LRU bound, and the real diffusers pipeline's call convention.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import torch

from tortodelova.adapters.ml.cuda_graphs import CUDAGraphForward, disable_cuda_graphs, enable_cuda_graphs
from tortodelova.adapters.ml.engine import build_engine
from tortodelova.adapters.ml.generator import DiffusersImageGenerator, load_pipeline
from tortodelova.application.ports.ml import ImageJob
from tortodelova.domain.batch_key import BatchKey


class StandInCapture:
    """Records captures; replay() recomputes into the captured output tensor, like a CUDA graph."""

    def __init__(self, fail: bool = False) -> None:
        self.count = 0
        self.fail = fail

    def __call__(self, run: Any) -> tuple[torch.Tensor, Any]:
        self.count += 1
        if self.fail:
            raise RuntimeError("operation not permitted when stream is capturing")
        out = run()
        return out, lambda: out.copy_(run())


class FakeUNet:
    """The UNet's call convention with a cheap body that depends on every input."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(
        self, sample, timestep, encoder_hidden_states=None, class_labels=None, return_dict=True, **kw
    ):
        self.calls += 1
        t = torch.as_tensor(timestep, dtype=sample.dtype)
        out = sample * 2 + t + encoder_hidden_states.mean()
        return (out,) if not return_dict else {"sample": out}


def inputs(batch: int = 2, side: int = 8, t: int = 981, dtype=torch.float32) -> tuple[torch.Tensor, ...]:
    g = torch.Generator().manual_seed(batch * 1000 + side + t)
    return (
        torch.randn(batch, 4, side, side, generator=g).to(dtype),
        torch.tensor(t),  # 0-d int64, like scheduler.timesteps[i]
        torch.randn(batch, 77, 16, generator=g).to(dtype),
    )


def runner(
    capture: StandInCapture | None = None, **kw: Any
) -> tuple[CUDAGraphForward, FakeUNet, StandInCapture]:
    capture = capture or StandInCapture()
    fake = FakeUNet()
    return CUDAGraphForward(fake, device_type="cpu", capture=capture, **kw), fake, capture


def call(r: Any, x: torch.Tensor, t: Any, h: torch.Tensor, **kw: Any) -> torch.Tensor:
    kw.setdefault("return_dict", False)
    return r(x, t, encoder_hidden_states=h, **kw)[0]


def eager(x: torch.Tensor, t: Any, h: torch.Tensor) -> torch.Tensor:
    return FakeUNet()(x, t, encoder_hidden_states=h, return_dict=False)[0]


@torch.inference_mode()
def test_one_capture_per_shape_then_replays_with_the_new_inputs() -> None:
    r, _, capture = runner()
    a, b = inputs(t=981), inputs(t=500)
    b[0].mul_(3)
    first = call(r, *a)
    second = call(r, *b)
    assert torch.equal(first, eager(*a)) and torch.equal(second, eager(*b))
    assert capture.count == 1 and r.stats["captures"] == 1 and r.stats["replays"] == 2
    # The output is a copy: the next replay must not change what an earlier call returned.
    assert torch.equal(first, eager(*a)) and first.data_ptr() != second.data_ptr()
    call(r, *inputs(batch=4))
    assert capture.count == 2 and len(r.keys) == 2


@torch.inference_mode()
def test_the_pipelines_none_kwargs_are_captured() -> None:
    r, _, capture = runner()
    x, t, h = inputs()
    out = call(r, x, t, h, timestep_cond=None, cross_attention_kwargs=None, added_cond_kwargs=None)
    assert torch.equal(out, eager(x, t, h)) and capture.count == 1 and r.stats["eager"] == 0


@pytest.mark.parametrize(
    "variant",
    [
        "return_dict_true",
        "cross_attention_kwargs",
        "added_cond_kwargs",
        "python_timestep",
        "unknown_kwarg",
        "extra_positional",
    ],
)
@torch.inference_mode()
def test_calls_it_does_not_capture_run_eagerly(variant: str) -> None:
    r, fake, capture = runner()
    x, t, h = inputs()
    kwargs: dict[str, Any] = {"encoder_hidden_states": h, "return_dict": False}
    args: tuple[Any, ...] = (x, t)
    if variant == "return_dict_true":
        del kwargs["return_dict"]
    elif variant == "cross_attention_kwargs":
        kwargs["cross_attention_kwargs"] = {"scale": 0.5}
    elif variant == "added_cond_kwargs":
        kwargs["added_cond_kwargs"] = {"image_embeds": h}
    elif variant == "python_timestep":
        args = (x, 981)
    elif variant == "unknown_kwarg":
        kwargs["some_future_option"] = None
    elif variant == "extra_positional":
        args = (x, t, h, None)
        del kwargs["encoder_hidden_states"]
    result = r(*args, **kwargs)
    expected = FakeUNet()(*args, **kwargs)
    got = result["sample"] if isinstance(result, dict) else result[0]
    assert torch.equal(got, expected["sample"] if isinstance(expected, dict) else expected[0])
    assert capture.count == 0 and r.stats["eager"] == 1 and fake.calls == 1


def test_autograd_and_other_devices_run_eagerly() -> None:
    r, _, capture = runner()
    x, t, h = inputs()
    with torch.no_grad():
        assert torch.equal(call(r, x, t, h), eager(x, t, h))
    with torch.enable_grad():
        call(r, x.requires_grad_(), t, h)
    assert capture.count == 1 and r.stats["eager"] == 1  # no_grad is captured, grad mode is not
    cuda_only = CUDAGraphForward(FakeUNet(), capture=capture)  # the default: CUDA tensors only
    with torch.inference_mode():
        x, t, h = inputs()
        assert torch.equal(call(cuda_only, x, t, h), eager(x, t, h))
    assert cuda_only.stats == {"captures": 0, "replays": 0, "eager": 1, "failures": 0, "evictions": 0}


@torch.inference_mode()
def test_shape_key_covers_batch_size_dtype_and_timestep_dtype() -> None:
    r, _, capture = runner()
    call(r, *inputs(batch=2))
    call(r, *inputs(batch=2, side=16))
    call(r, *inputs(batch=2, dtype=torch.float64))
    x, _, h = inputs(batch=2)
    call(r, x, torch.tensor(981.0), h)  # float timesteps (Euler) differ from int64 ones (DPM++)
    call(r, *inputs(batch=2, t=3))  # same shapes, another value: a replay
    assert capture.count == 4 and r.stats["replays"] == 5


@torch.inference_mode()
def test_least_recently_used_graph_is_dropped_beyond_the_cap() -> None:
    r, _, capture = runner(max_graphs=2)
    call(r, *inputs(batch=1))
    call(r, *inputs(batch=2))
    call(r, *inputs(batch=1))  # batch 1 is now the most recent
    call(r, *inputs(batch=3))
    assert [k[0][0][0] for k in r.keys] == [1, 3] and r.stats["evictions"] == 1
    x, t, h = inputs(batch=2)
    assert torch.equal(call(r, x, t, h), eager(x, t, h))  # captured again
    assert capture.count == 4


@torch.inference_mode()
def test_a_failed_capture_runs_eagerly_and_is_not_retried() -> None:
    r, fake, capture = runner(StandInCapture(fail=True))
    for step in range(3):
        x, t, h = inputs(t=900 - step)
        assert torch.equal(call(r, x, t, h), eager(x, t, h))
    assert capture.count == 1 and r.stats["failures"] == 1 and r.stats["eager"] == 3
    assert "stream is capturing" in (r.last_error or "")


def test_enable_routes_module_calls_and_disable_restores() -> None:
    class Net(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.scale = torch.nn.Parameter(torch.tensor(2.0))

        def forward(self, sample, timestep, encoder_hidden_states=None, return_dict=True):
            return (sample * self.scale + timestep + encoder_hidden_states.mean(),)

    net = Net()
    installed = enable_cuda_graphs(net, device_type="cpu", capture=StandInCapture())
    assert enable_cuda_graphs(net) is installed  # idempotent
    x, t, h = inputs()
    with torch.inference_mode():
        before = net(x, t, encoder_hidden_states=h, return_dict=False)[0]
    assert installed.stats["captures"] == 1
    disable_cuda_graphs(net)
    with torch.inference_mode():
        assert torch.equal(net(x, t, encoder_hidden_states=h, return_dict=False)[0], before)
    assert "forward" not in net.__dict__ and installed.stats["replays"] == 1


# --- through the real diffusers pipeline (tiny random weights) -------------------------------------


def job(seed: int, size: int = 64, steps: int = 5) -> ImageJob:
    return ImageJob(
        uuid.uuid4(), "two-tier cake with fondant", "blurry", seed, BatchKey(size, size, steps, 7.0)
    )


def test_cuda_graphs_option_changes_nothing_on_the_cpu(generator, tiny_models) -> None:
    graphed = DiffusersImageGenerator.load(str(tiny_models.sd), device="cpu", cuda_graphs=True)
    jobs = [job(41), job(42)]
    assert graphed.generate(jobs) == generator.generate(jobs)
    assert graphed.unet_graphs.stats["eager"] == 5 and graphed.unet_graphs.stats["captures"] == 0
    assert generator.unet_graphs is None


def test_pipeline_through_static_buffers_renders_the_same_bytes(generator, tiny_models) -> None:
    gen = DiffusersImageGenerator(
        load_pipeline(str(tiny_models.sd), device="cpu"), model_id=generator.model_id
    )
    capture = StandInCapture()
    graphs = enable_cuda_graphs(gen.pipe.unet, device_type="cpu", capture=capture)
    rounds = [[job(51), job(52)], [job(53)], [job(54, size=96)], [job(55), job(56)]]
    for jobs in rounds:
        assert gen.generate(jobs) == generator.generate(jobs)
    # Shapes: CFG doubles the batch -> (4, 64x64), (2, 64x64), (2, 96x96); the last round replays.
    assert capture.count == 3 and graphs.stats["eager"] == 0
    assert graphs.stats["replays"] == 5 * len(rounds)
    assert {k[0][0] for k in graphs.keys} == {(4, 4, 8, 8), (2, 4, 8, 8), (2, 4, 12, 12)}


def test_compile_and_cuda_graphs_are_exclusive(tiny_models) -> None:
    with pytest.raises(ValueError, match="exclusive"):
        DiffusersImageGenerator(
            load_pipeline(str(tiny_models.sd), device="cpu"), model_id="t", compile=True, cuda_graphs=True
        )


def test_build_engine_passes_the_option(hf_cache, monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    _, gen = build_engine(
        "real",
        device="cpu",
        translator_model="tiny/opus-mt-ru-en",
        generator_model="tiny/dreamshaper",
        models_dir=str(hf_cache),
        generator_options={"cuda_graphs": True},
    )
    assert isinstance(gen.unet_graphs, CUDAGraphForward)
    gen.generate([job(7, steps=2)])
    assert gen.unet_graphs.stats["eager"] == 2
