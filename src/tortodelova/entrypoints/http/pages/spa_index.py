"""The SPA's index.html for the pages the API renders itself (a share link's `/s/{token}`).

Read from FRONTEND_DIST when the API serves the build (`tortodelova dev`, one-process deploys).
Under compose the build lives in the frontend image only, so the API fetches it from SPA_INDEX_URL
(the frontend nginx on the private network) and keeps it a minute: a new deploy shows up quickly,
a burst of link openings costs one fetch. None when neither works: the caller then renders a
self-contained page.
"""

from __future__ import annotations

import logging
from pathlib import Path

import httpx

from tortodelova.entrypoints.http.ttl_cache import TtlCache

log = logging.getLogger(__name__)

FETCH_TIMEOUT_S = 3.0
KEEP_S = 60.0
_MAX_BYTES = 1_000_000  # an index.html is a few KB; anything this big is not one


class SpaIndex:
    def __init__(
        self, path: Path | None, url: str = "", *, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.path, self.url, self.transport = path, url, transport
        self._cache: TtlCache[str | None] = TtlCache(KEEP_S)

    async def read(self) -> str | None:
        if self.path is not None:
            try:
                return self.path.read_text(encoding="utf-8")
            except OSError as exc:
                log.warning("cannot read %s: %s", self.path, exc)
        if self.url:
            return await self._cache.get(self._fetch)
        return None

    async def _fetch(self) -> str | None:
        try:
            async with httpx.AsyncClient(timeout=FETCH_TIMEOUT_S, transport=self.transport) as client:
                response = await client.get(self.url)
        except httpx.HTTPError as exc:
            log.warning("cannot fetch the SPA's index.html from %s: %s", self.url, exc)
            return None
        if response.status_code != 200 or len(response.content) > _MAX_BYTES:
            log.warning("SPA index at %s answered %s", self.url, response.status_code)
            return None
        return response.text
