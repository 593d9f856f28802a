"""README's configuration table names every setting, so a new field cannot ship undocumented."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

from tortodelova.entrypoints.config.settings import Settings

README = Path(__file__).resolve().parents[2] / "README.md"


def configuration_table_variables() -> set[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}


def test_every_setting_is_in_the_readme_configuration_table() -> None:
    documented = configuration_table_variables()
    missing = sorted(f.name.upper() for f in fields(Settings) if f.name.upper() not in documented)
    assert missing == [], f"README's configuration table lacks {missing}"


def test_the_table_names_no_setting_that_does_not_exist() -> None:
    known = {f.name.upper() for f in fields(Settings)}
    assert configuration_table_variables() - known == set()
