"""Resolve the pictures a generation starts from (issue 12): the caller's upload or own finished design,
and the caller's mask. Another user's id answers exactly like an unknown one (404)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from tortodelova.application.owned import finished_design, owned_upload
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.use_cases.generations.generation_input import GenerationInput
from tortodelova.domain.errors import ValidationFailed
from tortodelova.domain.uploads import UploadPurpose


@dataclass(frozen=True, slots=True)
class StartPictures:
    """The PredictionRequest fields that name the starting picture and the mask (all None: text only)."""

    init_upload_id: UUID | None = None
    init_generation_id: UUID | None = None
    init_object_key: str | None = None
    mask_upload_id: UUID | None = None
    mask_object_key: str | None = None


async def resolve_start_pictures(uow: UnitOfWork, user_id: UUID, request: GenerationInput) -> StartPictures:
    ref = request.init_image
    if ref is None:  # validation already refused a mask without a starting picture
        return StartPictures()
    if ref.upload_id is not None:
        upload = await owned_upload(uow, user_id, ref.upload_id)
        if upload.purpose is not UploadPurpose.REFERENCE:
            raise ValidationFailed(
                {"init_image": "это маска, а не фото: начните с загруженного фото или дизайна"}
            )
        init_key = upload.object_key
    else:
        assert ref.generation_id is not None  # GenerationInput checks that exactly one is given
        source = await finished_design(uow, user_id, ref.generation_id)
        assert source.s3_key is not None  # a finished design has its picture
        init_key = source.s3_key
    mask_key = None
    if request.mask_upload_id is not None:
        mask = await owned_upload(uow, user_id, request.mask_upload_id)
        if mask.purpose is not UploadPurpose.MASK:
            raise ValidationFailed({"mask_upload_id": "это не маска: загрузите маску с назначением «mask»"})
        mask_key = mask.object_key
    return StartPictures(ref.upload_id, ref.generation_id, init_key, request.mask_upload_id, mask_key)
