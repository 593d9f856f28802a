"""Where finished images go: an object store with public URLs."""

from __future__ import annotations

from typing import Protocol


class ObjectStore(Protocol):
    async def put(self, key: str, data: bytes, content_type: str, *, download_name: str | None = None) -> None:
        """`download_name`: opening the public URL saves the object under this name (attachment)."""
        ...
    def public_url(self, key: str) -> str: ...
    async def delete(self, key: str) -> None:
        """Remove the object; its public URL stops serving it. A missing key is not an error."""
        ...
