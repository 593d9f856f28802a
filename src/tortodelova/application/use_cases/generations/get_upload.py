from __future__ import annotations

from uuid import UUID

from tortodelova.application.owned import owned_upload
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.storage import ObjectStore
from tortodelova.application.use_cases.generations.upload_image import UploadView, upload_view


class GetUpload:
    """One of the caller's uploads with a fresh presigned URL; another user's id is simply not found."""

    def __init__(self, *, uow: UnitOfWork, store: ObjectStore) -> None:
        self.uow, self.store = uow, store

    async def __call__(self, user_id: UUID, upload_id: UUID) -> UploadView:
        async with self.uow as uow:
            upload = await owned_upload(uow, user_id, upload_id)
        return upload_view(self.store, upload)
