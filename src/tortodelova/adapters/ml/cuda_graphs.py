"""CUDA-graph capture and replay of a UNet2DConditionModel's forward.

At batch 1 the SD 1.5 UNet is bound by kernel launches (bench/RESULTS.md: ~37 ms per step on an
H100, against ~9 ms per image-step at batch 16). A CUDA graph launches the whole forward at once.

`enable_cuda_graphs(unet)` replaces the instance's `forward`, so `pipe.unet` stays the real model
(config, dtype and device unchanged for the pipeline). For each input shape key it keeps static
input tensors, warms the forward up on a side stream, captures it into a `torch.cuda.CUDAGraph`
(all graphs share one memory pool: they never run concurrently, and each graph's output stays
allocated), and on later calls copies the inputs in, replays, and returns a clone of the output.
At most `max_graphs` graphs are kept (least recently used goes first).

Captured: the call convention of diffusers' StableDiffusionPipeline, `unet(sample, t,
encoder_hidden_states=..., return_dict=False)`, with tensors on a CUDA device and `t` a tensor
(a 0-d one may live on the CPU). Anything else runs eagerly: other non-None kwargs
(cross_attention_kwargs, added_cond_kwargs, timestep_cond, ...), return_dict=True, a Python number
as the timestep, tensors off CUDA, autograd enabled, or a stream already capturing.

The graph holds the weights' addresses: move or replace the weights after the first call only with
`disable_cuda_graphs(unet)` first.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_MAX_GRAPHS = 16
WARMUP_CALLS = 2

# A capture function: given a thunk that runs the forward on the static inputs, return the static
# output tensor and a `replay()` that recomputes it in place from the current static inputs.
Capture = Callable[[Callable[[], Any]], tuple[Any, Callable[[], None]]]

# Call kwargs that may be present as long as they are None (what the pipeline passes by default).
_NONE_KWARGS = frozenset(
    {
        "class_labels",
        "timestep_cond",
        "attention_mask",
        "cross_attention_kwargs",
        "added_cond_kwargs",
        "down_block_additional_residuals",
        "mid_block_additional_residual",
        "down_intrablock_additional_residuals",
        "encoder_attention_mask",
    }
)


def _spec(t: Any) -> tuple[Any, ...]:
    return (tuple(t.shape), tuple(t.stride()), t.dtype, t.device)


class _Graph:
    __slots__ = ("sample", "timestep", "encoder_hidden_states", "out", "replay")

    def __init__(self, sample: Any, timestep: Any, encoder_hidden_states: Any) -> None:
        self.sample = sample
        self.timestep = timestep
        self.encoder_hidden_states = encoder_hidden_states
        self.out: Any = None
        self.replay: Callable[[], None] = lambda: None


class CUDAGraphForward:
    """The replacement forward. `stats` counts captures, replays, eager calls and failed captures."""

    def __init__(
        self,
        forward: Callable[..., Any],
        *,
        max_graphs: int = DEFAULT_MAX_GRAPHS,
        device_type: str = "cuda",
        capture: Capture | None = None,
    ) -> None:
        """`device_type` and `capture` exist for tests: the default captures real CUDA graphs."""
        if max_graphs < 1:
            raise ValueError("max_graphs must be at least 1")
        self.forward = forward
        self.max_graphs = max_graphs
        self.device_type = device_type
        self._capture = capture or self._capture_cuda
        self._graphs: OrderedDict[Hashable, _Graph] = OrderedDict()
        self._failed: set[Hashable] = set()
        self._pools: dict[Any, Any] = {}
        self._lock = threading.Lock()  # static buffers: one replay at a time
        self.stats = {"captures": 0, "replays": 0, "eager": 0, "failures": 0, "evictions": 0}
        self.last_error: str | None = None
        # Part of every graph key: set it when the forward's code path changes without its inputs
        # changing (e.g. a LoRA switched on or off), so each path gets its own graph.
        self.variant: Hashable = None

    @property
    def keys(self) -> list[Hashable]:
        """Captured shape keys, least recently used first."""
        return list(self._graphs)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        plan = self._plan(args, kwargs)
        if plan is None:
            self.stats["eager"] += 1
            return self.forward(*args, **kwargs)
        key, sample, timestep, hidden = plan
        with self._lock:
            graph = self._graphs.get(key)
            if graph is None:
                graph = self._new_graph(key, sample, timestep, hidden)
                if graph is None:
                    self.stats["eager"] += 1
                    return self.forward(*args, **kwargs)
            else:
                self._graphs.move_to_end(key)
                graph.sample.copy_(sample)
                graph.timestep.copy_(timestep)
                graph.encoder_hidden_states.copy_(hidden)
            graph.replay()
            self.stats["replays"] += 1
            # A clone: the next replay overwrites the static output, and the caller may keep it.
            return (graph.out.clone(),)

    def reset(self) -> None:
        """Drop every graph (and the memory they hold)."""
        with self._lock:
            self._graphs.clear()
            self._failed.clear()
            self._pools.clear()

    # --- internals -------------------------------------------------------------------------------

    def _plan(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Hashable, Any, Any, Any] | None:
        """(shape key, sample, timestep, encoder_hidden_states) for a capturable call, else None."""
        import torch

        if len(args) > 3 or kwargs.get("return_dict", True) is not False:
            return None
        rest = {k: v for k, v in kwargs.items() if k not in ("return_dict", "encoder_hidden_states")}
        if any(k not in _NONE_KWARGS or v is not None for k, v in rest.items()):
            return None
        named = dict(zip(("sample", "timestep", "encoder_hidden_states"), args, strict=False))
        for name in ("sample", "timestep", "encoder_hidden_states"):
            if name in kwargs:
                if name in named:
                    return None  # given twice: let the real forward raise
                named[name] = kwargs[name]
        sample, timestep, hidden = (
            named.get("sample"),
            named.get("timestep"),
            named.get("encoder_hidden_states"),
        )
        if not (
            isinstance(sample, torch.Tensor)
            and isinstance(timestep, torch.Tensor)
            and isinstance(hidden, torch.Tensor)
        ):
            return None
        if sample.device.type != self.device_type or hidden.device != sample.device:
            return None
        if timestep.device != sample.device and not (timestep.device.type == "cpu" and timestep.dim() == 0):
            return None
        if torch.is_grad_enabled():
            return None
        if self.device_type == "cuda" and (
            sample.device.index != torch.cuda.current_device() or torch.cuda.is_current_stream_capturing()
        ):
            return None
        key = (
            _spec(sample),
            (tuple(timestep.shape), timestep.dtype),
            _spec(hidden),
            torch.is_inference_mode_enabled(),
            self.variant,
        )
        return (None if key in self._failed else key), sample, timestep, hidden

    def _new_graph(self, key: Hashable, sample: Any, timestep: Any, hidden: Any) -> _Graph | None:
        import torch

        if key is None:  # its capture failed before
            return None
        graph = _Graph(
            torch.empty_like(sample).copy_(sample),
            torch.empty(timestep.shape, dtype=timestep.dtype, device=sample.device).copy_(timestep),
            torch.empty_like(hidden).copy_(hidden),
        )

        def run() -> Any:
            return self.forward(
                graph.sample,
                graph.timestep,
                encoder_hidden_states=graph.encoder_hidden_states,
                return_dict=False,
            )[0]

        try:
            graph.out, graph.replay = self._capture(run)
        except Exception as exc:  # an op that cannot be captured: this shape stays eager
            self.stats["failures"] += 1
            self.last_error = f"{type(exc).__name__}: {exc}"
            self._failed.add(key)
            log.warning("CUDA graph capture failed for %s, running it eagerly: %s", key, self.last_error)
            return None
        self.stats["captures"] += 1
        self._graphs[key] = graph
        while len(self._graphs) > self.max_graphs:
            self._graphs.popitem(last=False)
            self.stats["evictions"] += 1
        return graph

    def _capture_cuda(self, run: Callable[[], Any]) -> tuple[Any, Callable[[], None]]:
        import torch

        device = torch.cuda.current_device()
        pool = self._pools.get(device)
        if pool is None:
            pool = self._pools[device] = torch.cuda.graph_pool_handle()
        # Warm-up on a side stream (lazy cuBLAS/cuDNN set-up must not land in the graph).
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):
            for _ in range(WARMUP_CALLS):
                run()
        torch.cuda.current_stream().wait_stream(side)
        graph = torch.cuda.CUDAGraph()
        # thread_local: CUDA work of other threads (the translator) must not break the capture.
        with torch.cuda.graph(graph, pool=pool, capture_error_mode="thread_local"):
            out = run()
        return out, graph.replay


def enable_cuda_graphs(
    unet: Any, *, max_graphs: int = DEFAULT_MAX_GRAPHS, **options: Any
) -> CUDAGraphForward:
    """Route `unet(...)` through a CUDAGraphForward (idempotent: returns the installed one)."""
    current = unet.__dict__.get("forward")
    if isinstance(current, CUDAGraphForward):
        return current
    runner = CUDAGraphForward(unet.forward, max_graphs=max_graphs, **options)
    unet.forward = runner  # instance attribute: nn.Module.__call__ calls it
    return runner


def disable_cuda_graphs(unet: Any) -> None:
    """Back to the class's forward, dropping the graphs."""
    current = unet.__dict__.get("forward")
    if isinstance(current, CUDAGraphForward):
        current.reset()
        del unet.forward
