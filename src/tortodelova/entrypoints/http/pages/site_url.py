"""The site's own address, for links handed to people outside it (share links, preview images)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.connection import ASGIConnection


@dataclass(frozen=True, slots=True)
class PublicBaseUrl:
    """PUBLIC_BASE_URL as configured ("": none)."""

    configured: str = ""

    def of(self, connection: ASGIConnection[Any, Any, Any, Any]) -> str:
        """The configured address, else the origin this request came to: the scheme as trusted
        proxies report it (http/proxies.py has rewritten the scope) and the Host header."""
        if self.configured:
            return self.configured.rstrip("/")
        return str(connection.base_url).rstrip("/")


def absolute(url: str, base: str) -> str:
    """`url` as an absolute URL: a path (an image served by this site) gets the site's origin."""
    if url.startswith("/") and not url.startswith("//"):
        return base + url
    return url
