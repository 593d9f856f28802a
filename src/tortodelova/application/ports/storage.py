"""Where images go: an object store with public URLs for designs and private objects for uploads."""

from __future__ import annotations

from typing import Protocol


class ObjectStore(Protocol):
    async def put(
        self, key: str, data: bytes, content_type: str, *, download_name: str | None = None
    ) -> None:
        """A public object. `download_name`: opening the public URL saves it under this name (attachment)."""
        ...

    async def put_private(self, key: str, data: bytes, content_type: str) -> None:
        """An object nobody reads anonymously: only through `presigned_url` or `get`."""
        ...

    async def get(self, key: str) -> bytes:
        """The object's bytes; raises ports.errors.ObjectNotFound when there is none."""
        ...

    def public_url(self, key: str) -> str: ...

    async def delete(self, key: str) -> None:
        """Remove the object; its public URL stops serving it. A missing key is not an error."""
        ...

    def presigned_url(self, key: str, expires_s: int) -> str:
        """A URL the browser can GET the (private) object with for `expires_s` seconds."""
        ...
