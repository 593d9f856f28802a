from __future__ import annotations

from uuid import UUID

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.storage import ObjectStore
from tortodelova.application.use_cases.upload_image import UploadView, upload_view
from tortodelova.domain.errors import NotFound


class GetUpload:
    """One of the caller's uploads with a fresh presigned URL; another user's id is simply not found."""

    def __init__(self, *, uow: UnitOfWork, store: ObjectStore) -> None:
        self.uow, self.store = uow, store

    async def __call__(self, user_id: UUID, upload_id: UUID) -> UploadView:
        async with self.uow as uow:
            upload = await uow.uploads.get(upload_id)
        if upload is None or upload.user_id != user_id:
            raise NotFound("Загруженное изображение не найдено")
        return upload_view(self.store, upload)
