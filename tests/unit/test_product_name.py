"""The product has one name, «Тортоделова»: the README, the docs, the SPA, the share page and every
server string say it the same way (the README once said «Торт-о-дел»)."""

from __future__ import annotations

import re

from tests.unit.test_docs_references import REPO, tracked_files

NAME = "Тортоделова"
# Any other spelling of the name: «Торт-о-дел», «Торт о дел», «Тортодел» on its own.
OTHER_SPELLING = re.compile(
    r"торт[\s\-‑–—]*о[\s\-‑–—]*дел(?!ов)|торт[\s\-‑–—]+о[\s\-‑–—]+делова", re.IGNORECASE
)
SAID_BY = (".md", ".py", ".ts", ".tsx", ".html", ".css", ".conf", ".template", ".yml", ".example")


def test_the_readme_names_the_product() -> None:
    assert NAME in (REPO / "README.md").read_text(encoding="utf-8").splitlines()[0]


def test_no_file_spells_the_name_another_way() -> None:
    files = [f for f in tracked_files() if f.endswith(SAID_BY) and f != "tests/unit/test_product_name.py"]
    assert len(files) > 100
    found = [
        f"{f}: {m.group()}"
        for f in files
        for m in OTHER_SPELLING.finditer((REPO / f).read_text(encoding="utf-8", errors="replace"))
    ]
    assert found == []


def test_the_spa_the_share_page_and_the_api_docs_say_it() -> None:
    from tortodelova.entrypoints.http.docs import openapi_config
    from tortodelova.entrypoints.http.pages.share_page import SITE_NAME

    assert SITE_NAME == NAME and openapi_config().title.startswith(NAME)
    assert NAME in (REPO / "frontend/index.html").read_text(encoding="utf-8")
