"""`/s/{token}`: the client's page of a share link, as HTML with the preview tags written server-side.

Telegram, WhatsApp and VK fetch the link without running JavaScript and build the preview from the
Open Graph / Twitter card tags in the HTML, so they are put into the SPA's index.html here (the SPA
then draws the page itself). Without a built SPA a small self-contained page carries the same tags
and the images. The page is never indexed (meta robots and X-Robots-Tag) and every value is escaped.
The designs' descriptions appear only on links whose baker chose to show them (else the note, or
a plain sentence, describes the link). No inline script anywhere: the site's Content-Security-Policy
allows scripts from its files only, and of inline styles only STANDALONE_CSS (by its hash).
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from dishka.integrations.litestar import FromDishka, inject
from litestar import Request, Response, get
from litestar.params import FromPath

from tortodelova.application.use_cases.shares.get_public_share import GetPublicShare
from tortodelova.application.use_cases.shares.share_views import PublicShare
from tortodelova.domain.errors import NotFound
from tortodelova.domain.generation import PredictionRequest
from tortodelova.entrypoints.http.pages.order_card import order_card, order_summary
from tortodelova.entrypoints.http.pages.site_url import PublicBaseUrl, absolute
from tortodelova.entrypoints.http.pages.spa_index import SpaIndex
from tortodelova.entrypoints.http.schemas.shares import share_url

SITE_NAME = "Тортоделова"  # the product's one name, as the SPA shows it
TITLE = "Дизайн торта — на согласование"
GONE_TITLE = "Ссылка не найдена"
# What a preview says when the baker wrote no note and keeps the description to herself.
PLAIN_DESCRIPTION = "Кондитер прислал эскиз торта: посмотрите и ответьте, подходит ли он"
# The fallback page's only style; content_security_policy.txt allows exactly this text by its hash.
# Long words wrap (overflow-wrap), so a 270-letter word never widens the page on a phone.
STANDALONE_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;"
    "overflow-wrap:anywhere}img{max-width:100%;height:auto;border-radius:.5rem}"
)
DESCRIPTION_MAX = 200  # previews show two or three lines
_ROBOTS = '<meta name="robots" content="noindex, nofollow">'
_HEADERS = {
    "X-Robots-Tag": "noindex, nofollow",
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
}
_TITLE_TAG = re.compile(r"<title>.*?</title>", re.IGNORECASE | re.DOTALL)
_HEAD_END = re.compile(r"</head>", re.IGNORECASE)
_BODY_END = re.compile(r"</body>", re.IGNORECASE)


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= DESCRIPTION_MAX else flat[: DESCRIPTION_MAX - 1].rstrip() + "…"


def _described(page: PublicShare, design: PredictionRequest) -> str | None:
    """The design's description when the link shows it."""
    return design.params.prompt_ru if page.share.show_description else None


def preview_tags(page: PublicShare, base: str) -> str:
    """Open Graph and Twitter card tags of the link's first design, plus noindex."""
    design = page.designs[0]
    image = absolute(design.public_url or "", base)
    description = _short(page.share.note or _described(page, design) or PLAIN_DESCRIPTION)
    if (order := order_summary(page)) is not None:  # the order first: previews cut the rest
        description = _short(f"{order}. {description}")
    props = [
        ("og:type", "website"),
        ("og:site_name", SITE_NAME),
        ("og:title", TITLE),
        ("og:description", description),
        ("og:url", share_url(base, page.share.token)),
        ("og:image", image),
        ("og:image:width", str(design.params.width)),
        ("og:image:height", str(design.params.height)),
        ("og:image:type", "image/png"),
        ("og:locale", "ru_RU"),
    ]
    names = [
        ("twitter:card", "summary_large_image"),
        ("twitter:title", TITLE),
        ("twitter:description", description),
        ("twitter:image", image),
    ]
    return "\n".join(
        [
            _ROBOTS,
            f'<meta name="description" content="{escape(description)}">',
            *(f'<meta property="{p}" content="{escape(v)}">' for p, v in props),
            *(f'<meta name="{n}" content="{escape(v)}">' for n, v in names),
        ]
    )


def into_index(index_html: str, title: str, tags: str) -> str:
    """The SPA's index.html with `title` and `tags` in its head."""
    titled, found = _TITLE_TAG.subn(lambda _: f"<title>{escape(title)}</title>", index_html, count=1)
    head = tags if found else f"<title>{escape(title)}</title>\n{tags}"
    with_tags, placed = _HEAD_END.subn(lambda _: f"{head}\n</head>", titled, count=1)
    return with_tags if placed else f"{head}\n{titled}"


def into_body(index_html: str, fragment: str) -> str:
    """`fragment` just before the end of the body (the SPA replaces nothing outside its root)."""
    if not fragment:
        return index_html
    placed, found = _BODY_END.subn(lambda _: f"{fragment}\n</body>", index_html, count=1)
    return placed if found else f"{index_html}\n{fragment}"


def standalone(title: str, tags: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="ru">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n{tags}\n"
        f"<style>{STANDALONE_CSS}</style>\n"
        f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def standalone_body(page: PublicShare, base: str) -> str:
    parts = [f"<h1>{escape(TITLE)}</h1>"]
    if page.share.note:
        parts.append(f"<p>{escape(page.share.note)}</p>")
    for number, design in enumerate(page.designs, start=1):
        src = escape(absolute(design.public_url or "", base))
        described = _described(page, design)
        alt = escape(described or f"Эскиз торта {number}")
        size = f'width="{design.params.width}" height="{design.params.height}"'
        caption = f"<figcaption>{escape(described)}</figcaption>" if described else ""
        parts.append(f'<figure><img src="{src}" alt="{alt}" {size}>{caption}</figure>')
    parts.append(order_card(page))
    return "\n".join(parts)


@get("/s/{token:str}", include_in_schema=False, media_type="text/html")
@inject
async def share_page(
    request: Request[Any, Any, Any],
    token: FromPath[str],
    get_share: FromDishka[GetPublicShare],
    spa: FromDishka[SpaIndex],
    site: FromDishka[PublicBaseUrl],
) -> Response[str]:
    index = await spa.read()
    try:
        page = await get_share(token)
    except NotFound:
        # The SPA shows its own «not found» for the link; without it, a line of text says so.
        gone = (
            into_index(index, GONE_TITLE, _ROBOTS)
            if index is not None
            else standalone(GONE_TITLE, _ROBOTS, f"<h1>{escape(GONE_TITLE)}</h1>")
        )
        return Response(gone, status_code=404, media_type="text/html", headers=_HEADERS)
    base = site.of(request)
    tags = preview_tags(page, base)
    html = (
        # Without scripts the SPA draws nothing: the order card is there for such readers.
        into_body(
            into_index(index, TITLE, tags), f"<noscript>{order_card(page)}</noscript>" if page.quote else ""
        )
        if index is not None
        else standalone(TITLE, tags, standalone_body(page, base))
    )
    return Response(html, media_type="text/html", headers=_HEADERS)
