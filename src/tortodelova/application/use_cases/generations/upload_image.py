from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from uuid import UUID

from tortodelova.application.ports.images import ImageSanitizer
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.storage import ObjectStore
from tortodelova.application.ports.system import Clock, IdGenerator
from tortodelova.domain.images import MAX_UPLOAD_BYTES, ImageTooLarge
from tortodelova.domain.uploads import Upload, UploadPurpose, upload_key

UPLOAD_URL_SECONDS = 900  # the owner's presigned link: long enough to show it, short enough not to share


@dataclass(frozen=True, slots=True)
class UploadView:
    upload: Upload
    url: str  # presigned, valid for UPLOAD_URL_SECONDS


def upload_view(store: ObjectStore, upload: Upload) -> UploadView:
    return UploadView(upload, store.presigned_url(upload.object_key, UPLOAD_URL_SECONDS))


class UploadImage:
    """Keep a reference photo or a mask: verified and cleaned (no metadata) first, then stored privately
    and recorded. Only the cleaned PNG is kept, never the bytes the client sent."""

    def __init__(
        self,
        *,
        uow: UnitOfWork,
        store: ObjectStore,
        sanitizer: ImageSanitizer,
        ids: IdGenerator,
        clock: Clock,
    ) -> None:
        self.uow, self.store, self.sanitizer, self.ids, self.clock = uow, store, sanitizer, ids, clock

    async def __call__(self, user_id: UUID, data: bytes, purpose: UploadPurpose) -> UploadView:
        if len(data) > MAX_UPLOAD_BYTES:
            raise ImageTooLarge()
        # decoding a big photo takes a while: off the event loop
        clean = await asyncio.to_thread(self.sanitizer.sanitize, data, mask=purpose is UploadPurpose.MASK)
        upload_id = self.ids.new()
        upload = Upload(
            id=upload_id,
            user_id=user_id,
            purpose=purpose,
            width=clean.width,
            height=clean.height,
            object_key=upload_key(user_id, upload_id),
            created_at=self.clock.now(),
        )
        # Object first: a row never points at a missing object. If the row then does not land, the
        # object is taken back, so a failed upload leaves no private picture behind.
        await self.store.put_private(upload.object_key, clean.png, "image/png")
        try:
            async with self.uow as uow:
                await uow.uploads.add(upload)
                await uow.commit()
        except BaseException:
            with contextlib.suppress(Exception):  # the original error is the one to report
                await self.store.delete(upload.object_key)
            raise
        return upload_view(self.store, upload)
