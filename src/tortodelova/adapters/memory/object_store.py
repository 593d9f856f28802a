from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from tortodelova.application.ports.errors import ObjectNotFound


@dataclass(frozen=True, slots=True)
class StoredObject:
    data: bytes
    content_type: str
    download_name: str | None = None
    private: bool = False


class MemoryObjectStore:
    def __init__(self, public_endpoint: str = "http://storage.local", bucket: str = "tortodelova") -> None:
        self.objects: dict[str, StoredObject] = {}
        self.public_endpoint, self.bucket = public_endpoint.rstrip("/"), bucket
        self.fail_next: Exception | None = None  # tests plant a storage failure here

    async def put(
        self, key: str, data: bytes, content_type: str, *, download_name: str | None = None
    ) -> None:
        self._fail_if_planted()
        self.objects[key] = StoredObject(bytes(data), content_type, download_name)

    async def delete(self, key: str) -> None:
        self._fail_if_planted()
        self.objects.pop(key, None)

    async def put_private(self, key: str, data: bytes, content_type: str) -> None:
        self._fail_if_planted()
        self.objects[key] = StoredObject(bytes(data), content_type, private=True)

    async def get(self, key: str) -> bytes:
        try:
            return self.objects[key].data
        except KeyError:
            raise ObjectNotFound(key) from None

    def public_url(self, key: str) -> str:
        return f"{self.public_endpoint}/{self.bucket}/{key}"

    def presigned_url(self, key: str, expires_s: int) -> str:
        return f"{self.public_url(quote(key, safe='/'))}?X-Amz-Expires={expires_s}&X-Amz-Signature=memory"

    def _fail_if_planted(self) -> None:
        if self.fail_next is not None:
            exc, self.fail_next = self.fail_next, None
            raise exc
