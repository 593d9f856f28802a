"""A share link as a messenger sees it: plain HTTP, no JavaScript, on the real stack (PostgreSQL,
S3, worker). The preview tags are in the HTML and their image is the PNG, served anonymously."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import httpx
import pytest
from PIL import Image

from tests.e2e.client import register_and_login
from tortodelova.entrypoints.http.security_headers import REFERRER_POLICY

pytestmark = pytest.mark.xdist_group("stack")


class Scripts(HTMLParser):
    """What in a page would run without a file of the site: inline scripts, handlers, style attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.inline: list[str] = []
        self._open: bool = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self._open = tag == "script" and not a.get("src")
        self.inline += [f"{tag} {name}" for name in a if name.startswith("on") or name == "style"]
        if tag == "script" and a.get("src", "").startswith(("http:", "https:", "//", "data:")):
            self.inline.append(f"foreign script {a['src']}")

    def handle_data(self, data: str) -> None:
        if self._open and data.strip():
            self.inline.append(f"inline script {data.strip()[:60]}")

    def handle_endtag(self, tag: str) -> None:
        self._open = False


def inline_code(html: str) -> list[str]:
    parser = Scripts()
    parser.feed(html)
    return parser.inline


class MetaTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            a = dict(attrs)
            key = a.get("property") or a.get("name")
            if key and a.get("content") is not None:
                self.tags[key] = a["content"] or ""


def meta_tags(html: str) -> dict[str, str]:
    parser = MetaTags()
    parser.feed(html)
    return parser.tags


def test_a_share_link_previews_the_design_without_javascript(live_backend):
    baker = register_and_login(live_backend)
    prompt = "Двухъярусный торт с клубникой & <кремом>"
    created = baker.post("/api/generations", json={"prompt_ru": prompt, "style": "kids", "seed": 7})
    assert created.status_code == 202, created.text
    gid = created.json()["generation"]["id"]
    probe = baker.get(f"/api/generations/{gid}")
    assert probe.status_code == 200, probe.text
    assert baker.wait_status(gid, {"success", "failed"})["status"] == "success"

    shared = baker.post(f"/api/generations/{gid}/share", json={"note": "Цена 3 500 ₽ — «к субботе»"})
    assert shared.status_code == 201, shared.text
    link = shared.json()["share"]["url"]
    assert link.startswith(live_backend)

    # A crawler: no cookies, no token, no JavaScript.
    page = httpx.get(link, timeout=10, headers={"User-Agent": "TelegramBot (like TwitterBot)"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["x-robots-tag"].startswith("noindex")
    tags = meta_tags(page.text)
    assert tags["robots"] == "noindex, nofollow"
    assert tags["og:title"] == "Дизайн торта — на согласование"
    assert tags["og:description"] == "Цена 3 500 ₽ — «к субботе»"
    assert tags["og:url"] == link and tags["og:type"] == "website"
    assert (tags["og:image:width"], tags["og:image:height"]) == ("512", "512")
    assert tags["twitter:card"] == "summary_large_image" and tags["twitter:image"] == tags["og:image"]
    image_url = tags["og:image"]
    assert image_url.startswith(("http://", "https://")), image_url

    image = httpx.get(image_url, timeout=10)
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(image.content)).size == (512, 512)
    # saved under the description's words and the day, not an id
    assert re.fullmatch(
        r'attachment; filename="dvukhyarusnyy-tort-s-klubnikoy-kremom-\d{4}-\d{2}-\d{2}\.png"',
        image.headers["content-disposition"],
    ), image.headers["content-disposition"]

    # The built SPA, a deep route of it and the share page: the strict policy, and nothing inline for
    # it to block (Vite's build and the server-written tags alike).
    images_origin = "/".join(image_url.split("/")[:3])
    for url in (live_backend + "/", live_backend + "/designs/some-id/redraw", link):
        response = httpx.get(url, timeout=10)
        policy = response.headers["content-security-policy"]
        directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
        assert directives["script-src"] == ["'self'"] and directives["frame-ancestors"] == ["'none'"], url
        assert images_origin in directives["img-src"] or images_origin == live_backend, (url, policy)
        assert (directives["base-uri"], directives["form-action"]) == (["'none'"], ["'self'"])
        assert response.headers["referrer-policy"] == REFERRER_POLICY
        assert '<div id="root">' in response.text and inline_code(response.text) == [], url

    token = link.rsplit("/", 1)[1]
    assert baker.client.delete(f"/api/shares/{token}", headers=baker.auth).status_code == 204
    gone = httpx.get(link, timeout=10)
    assert gone.status_code == 404 and meta_tags(gone.text).get("robots", "").startswith("noindex")
    assert "og:image" not in meta_tags(gone.text)
