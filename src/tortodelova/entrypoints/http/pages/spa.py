"""The built SPA (frontend/dist) on the same origin as the API, with history-API fallback.

Any GET outside /api and /metrics that matches no route gets the file it names, or index.html so the
client-side router can show the page. Hashed build assets are cached for a year; index.html never is,
so a new deploy is picked up at once.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from litestar import Request
from litestar.response import File

_NOT_SPA = ("/api/", "/metrics")
_IMMUTABLE = "public, max-age=31536000, immutable"


class SpaFiles:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.index = self.root / "index.html"

    @classmethod
    def find(cls, directory: str) -> SpaFiles | None:
        root = Path(directory) if directory else None
        return cls(root) if root is not None and (root / "index.html").is_file() else None

    def serves(self, request: Request[Any, Any, Any]) -> bool:
        path = request.url.path
        return request.method in ("GET", "HEAD") and path != "/api" and not path.startswith(_NOT_SPA)

    def response(self, path: str) -> File:
        candidate = (self.root / path.lstrip("/")).resolve()
        if candidate != self.index and candidate.is_relative_to(self.root) and candidate.is_file():
            relative = candidate.relative_to(self.root).as_posix()
            cache = _IMMUTABLE if relative.startswith("assets/") else "public, max-age=3600"
            media_type = mimetypes.guess_type(candidate.name)[0] or "application/octet-stream"
            return self._file(candidate, media_type, cache)
        return self._file(self.index, "text/html", "no-cache")  # litestar adds the charset

    @staticmethod
    def _file(path: Path, media_type: str, cache: str) -> File:
        return File(
            path,
            media_type=media_type,
            content_disposition_type="inline",
            headers={"Cache-Control": cache, "X-Content-Type-Options": "nosniff"},
        )
