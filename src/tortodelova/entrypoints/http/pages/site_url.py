"""The site's own address, for links handed to people outside it (share links, preview images)."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection


def site_base(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """PUBLIC_BASE_URL, else the origin this request came to: the scheme as trusted proxies report
    it (http/proxies.py has rewritten the scope) and the Host header."""
    configured: str = connection.app.state.public_base_url
    if configured:
        return configured.rstrip("/")
    return str(connection.base_url).rstrip("/")


def absolute(url: str, base: str) -> str:
    """`url` as an absolute URL: a path (an image served by this site) gets the site's origin."""
    if url.startswith("/") and not url.startswith("//"):
        return base + url
    return url
