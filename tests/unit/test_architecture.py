"""The dependency rule is a test, not a convention."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    # the layers, the independence of adapters and of features, the entry-point kinds, ...
    assert len(contracts) >= 9
    assert f"Contracts: {len(contracts)} kept, 0 broken." in result.stdout


def test_domain_imports_only_the_standard_library():
    allowed = set(sys.stdlib_module_names) | {"tortodelova", "__future__"}
    for path in (ROOT / "src/tortodelova/domain").rglob("*.py"):
        for line in path.read_text().splitlines():
            words = line.split()
            if words[:1] in (["import"], ["from"]) and len(words) > 1:
                top = words[1].split(".")[0]
                assert top in allowed, f"{path.name} imports {top}"
