"""ML_DEVICE -> (device, dtype), over faked availability flags: no GPU needed."""

from __future__ import annotations

import pytest

from tortodelova.adapters.ml.device import DeviceChoice, choose_device


@pytest.mark.parametrize(
    ("cuda", "mps", "expected"),
    [
        (True, False, DeviceChoice("cuda", "float16")),
        (True, True, DeviceChoice("cuda", "float16")),  # CUDA wins over MPS
        (False, True, DeviceChoice("mps", "float16")),
        (False, False, DeviceChoice("cpu", "float32")),
    ],
)
def test_auto_prefers_cuda_then_mps_then_cpu(cuda: bool, mps: bool, expected: DeviceChoice) -> None:
    assert choose_device("auto", cuda=cuda, mps=mps) == expected
    assert choose_device("", cuda=cuda, mps=mps) == expected  # unset means auto


@pytest.mark.parametrize(
    ("requested", "expected"),
    [
        ("cpu", DeviceChoice("cpu", "float32")),
        ("CUDA", DeviceChoice("cuda", "float16")),
        ("cuda:1", DeviceChoice("cuda:1", "float16")),
        ("mps", DeviceChoice("mps", "float16")),
    ],
)
def test_explicit_device_is_kept_when_available(requested: str, expected: DeviceChoice) -> None:
    assert choose_device(requested, cuda=True, mps=True) == expected


def test_cpu_is_always_available() -> None:
    assert choose_device("cpu", cuda=False, mps=False) == DeviceChoice("cpu", "float32")


@pytest.mark.parametrize(("requested", "missing"), [("cuda", "CUDA"), ("cuda:0", "CUDA"), ("mps", "MPS")])
def test_explicit_device_that_is_absent_is_an_error(requested: str, missing: str) -> None:
    with pytest.raises(RuntimeError, match=missing):
        choose_device(requested, cuda=False, mps=False)


def test_unknown_device_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown ML device 'tpu'"):
        choose_device("tpu", cuda=True, mps=True)
