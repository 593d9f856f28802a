"""Where finished images go: an object store with public URLs."""

from __future__ import annotations

from typing import Protocol


class ObjectStore(Protocol):
    async def put(self, key: str, data: bytes, content_type: str, *, download_name: str | None = None) -> None:
        """`download_name`: opening the public URL saves the object under this name (attachment)."""
        ...

    async def get(self, key: str) -> bytes:
        """The object's bytes; raises ports.errors.ObjectNotFound when there is none."""
        ...

    def public_url(self, key: str) -> str: ...
