"""Boolean settings (ML_AUTO_PULL) from the environment, including what `tortodelova dev` hands
its children (str(True) / str(False))."""

from __future__ import annotations

import pytest

from tortodelova.entrypoints.config.settings import Settings


@pytest.mark.parametrize("raw", ["1", "true", "True", "YES", "on"])
def test_true_spellings(raw: str) -> None:
    assert Settings.from_env({"ML_AUTO_PULL": raw}).ml_auto_pull is True


@pytest.mark.parametrize("raw", ["0", "false", "False", "no", "off", ""])
def test_false_spellings_and_unset(raw: str) -> None:
    assert Settings.from_env({"ML_AUTO_PULL": raw}).ml_auto_pull is False


def test_anything_else_is_an_error_naming_the_variable() -> None:
    with pytest.raises(ValueError, match="ML_AUTO_PULL: expected bool, got 'sometimes'"):
        Settings.from_env({"ML_AUTO_PULL": "sometimes"})
