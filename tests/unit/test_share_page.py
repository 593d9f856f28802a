"""The share page's HTML: preview tags written into the SPA's index.html, everything escaped."""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from uuid import uuid4

from tortodelova.application.use_cases.shares.share_views import PublicShare
from tortodelova.domain.generation import GenerationParams, PredictionRequest, RequestedParams, Status
from tortodelova.domain.shares import Share
from tortodelova.entrypoints.http.pages.share_page import (
    PLAIN_DESCRIPTION,
    STANDALONE_CSS,
    TITLE,
    into_index,
    preview_tags,
    standalone,
    standalone_body,
)
from tortodelova.entrypoints.http.security_headers import content_security_policy

NOW = datetime(2026, 11, 30, tzinfo=UTC)
SPA = '<!doctype html><html lang="ru"><head><meta charset="UTF-8"><title>Тортоделова</title></head><body><div id="root"></div></body></html>'


class Parsed(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.titles: list[str] = []
        self._in_title = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta[a.get("property") or a.get("name") or ""] = a.get("content") or ""
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.titles.append(data)


def page(note: str | None, prompt: str, public_url: str, *, show_description: bool = True) -> PublicShare:
    params = GenerationParams.create(
        RequestedParams(prompt_ru=prompt, style="kids", width=512, height=768), seed=1
    )
    design = PredictionRequest(
        uuid4(), uuid4(), params, "m", 1, NOW, status=Status.SUCCESS, public_url=public_url
    )
    share = Share(
        "tok_EN-123", design.user_id, (design.id,), note, NOW, NOW, show_description=show_description
    )
    return PublicShare(share, [design], [])


def test_tags_go_into_the_spa_head_with_its_title_replaced():
    p = page("Цена 3500 ₽", "торт", "https://cdn.example/b/designs/x.png")
    html = into_index(SPA, TITLE, preview_tags(p, "https://cakes.example"))
    parsed = Parsed(html)
    assert parsed.titles == [TITLE] and '<div id="root">' in html
    assert html.index('property="og:image"') < html.index("</head>")
    assert parsed.meta["og:image"] == "https://cdn.example/b/designs/x.png"
    assert (parsed.meta["og:image:width"], parsed.meta["og:image:height"]) == ("512", "768")
    assert parsed.meta["og:url"] == "https://cakes.example/s/tok_EN-123"
    assert parsed.meta["og:description"] == "Цена 3500 ₽"
    assert parsed.meta["og:site_name"] == "Тортоделова"  # the one name of the product, as in the SPA
    assert parsed.meta["robots"] == "noindex, nofollow"
    assert parsed.meta["twitter:card"] == "summary_large_image"


def test_everything_is_escaped_and_a_relative_image_gets_the_sites_origin():
    evil = '"><script>alert(1)</script>'
    p = page(None, f"торт {evil}", "/tortodelova/designs/x.png")
    tags = preview_tags(p, "http://localhost:8080")
    assert "<script>" not in tags
    parsed = Parsed(tags)
    assert parsed.meta["og:description"] == f"торт {evil}"  # the note is empty: the description
    assert parsed.meta["og:image"] == "http://localhost:8080/tortodelova/designs/x.png"

    body = standalone_body(page(evil, "торт", "/x.png"), "http://localhost:8080")
    html = standalone(TITLE, tags, body)
    assert "<script>" not in html and Parsed(html).titles == [TITLE]


def test_a_long_description_is_cut_for_the_preview():
    p = page("слово " * 100, "торт", "https://cdn.example/x.png")
    description = Parsed(preview_tags(p, "https://cakes.example")).meta["og:description"]
    assert len(description) == 200 and description.endswith("…")


def test_an_index_without_a_title_or_head_still_gets_the_tags():
    assert (
        into_index("<html><head></head><body></body></html>", "T", "<meta x>").count("<title>T</title>") == 1
    )
    assert "<meta x>" in into_index("<div>bare</div>", "T", "<meta x>")


def test_a_description_the_baker_keeps_to_herself_stays_off_the_page():
    secret = "торт мастика 3 яруса, себестоимость 1200"
    hidden = page(None, secret, "https://cdn.example/x.png", show_description=False)
    tags = preview_tags(hidden, "https://cakes.example")
    assert Parsed(tags).meta["og:description"] == PLAIN_DESCRIPTION
    html = standalone(TITLE, tags, standalone_body(hidden, "https://cakes.example"))
    assert secret not in html and 'alt="Эскиз торта 1"' in html
    noted = page("Цена 4500 ₽", secret, "https://cdn.example/x.png", show_description=False)
    assert Parsed(preview_tags(noted, "https://cakes.example")).meta["og:description"] == "Цена 4500 ₽"


def test_the_fallback_page_wraps_long_words_with_the_one_inline_style_the_policy_allows():
    long_word = "о" * 270
    p = page(long_word, long_word, "https://cdn.example/x.png")
    html = standalone(
        TITLE, preview_tags(p, "https://cakes.example"), standalone_body(p, "https://cakes.example")
    )
    styles = re.findall(r"<style>(.*?)</style>", html, re.DOTALL)
    assert styles == [STANDALONE_CSS] and "overflow-wrap:anywhere" in STANDALONE_CSS
    digest = base64.b64encode(hashlib.sha256(STANDALONE_CSS.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in content_security_policy("https://s3.example")
    assert "<script" not in html and " style=" not in html and " on" not in html.replace(" one", "")


def test_the_sandbox_checkout_has_its_one_inline_style_allowed_by_the_policy():
    from tortodelova.entrypoints.http.pages import sandbox_checkout

    digest = base64.b64encode(hashlib.sha256(sandbox_checkout._STYLE.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in content_security_policy("https://s3.example")
