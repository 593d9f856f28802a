"""Bodies of /api/uploads (the OpenAPI schema names are part of the contract with the SPA)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import msgspec
from litestar.datastructures import UploadFile

from tortodelova.application.use_cases.generations.upload_image import UploadView
from tortodelova.domain.uploads import UploadPurpose


@dataclass
class UploadIn:
    """multipart/form-data: `file` (JPEG, PNG or WebP), `purpose` (reference by default, or mask)."""

    file: UploadFile
    purpose: UploadPurpose = UploadPurpose.REFERENCE


class UploadOut(msgspec.Struct):
    id: UUID
    purpose: UploadPurpose
    width: int
    height: int
    url: str  # presigned: valid for a quarter of an hour; GET /api/uploads/{id} gives a fresh one


class UploadCreatedOut(msgspec.Struct):
    upload: UploadOut


def upload_out(view: UploadView) -> UploadCreatedOut:
    u = view.upload
    return UploadCreatedOut(UploadOut(u.id, u.purpose, u.width, u.height, view.url))
