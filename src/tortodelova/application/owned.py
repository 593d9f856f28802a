"""The caller's own generation, upload or share link, looked up by id: another user's id is answered like an
unknown one; and which designs a link may show (shares and orders both ask)."""

from __future__ import annotations

from uuid import UUID

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.domain.errors import NotFound, SourceNotReady
from tortodelova.domain.generation import PredictionRequest, Status
from tortodelova.domain.shares import Share
from tortodelova.domain.uploads import Upload


async def owned_generation(
    uow: UnitOfWork,
    user_id: UUID,
    request_id: UUID,
    *,
    for_update: bool = False,
    missing: str = "Генерация не найдена",
) -> PredictionRequest:
    """NotFound(`missing`) unless the request exists and belongs to `user_id` (never revealing which)."""
    request = await uow.generations.get(request_id, for_update=for_update)
    if request is None or request.user_id != user_id:
        raise NotFound(missing)
    return request


DESIGN_MISSING = "Дизайн не найден"


async def finished_design(
    uow: UnitOfWork,
    user_id: UUID,
    request_id: UUID,
    *,
    for_update: bool = False,
    not_ready: str | None = None,
) -> PredictionRequest:
    """The caller's design with its image: NotFound when it is not theirs or deleted (no image left),
    SourceNotReady (`not_ready`, or its default message) while it is not a success yet."""
    design = await owned_generation(uow, user_id, request_id, for_update=for_update, missing=DESIGN_MISSING)
    if design.deleted:
        raise NotFound(DESIGN_MISSING)
    if design.status is not Status.SUCCESS or design.s3_key is None:
        raise SourceNotReady(not_ready)
    return design


async def owned_upload(uow: UnitOfWork, user_id: UUID, upload_id: UUID) -> Upload:
    """NotFound unless the upload exists and belongs to `user_id` (never revealing which)."""
    upload = await uow.uploads.get(upload_id)
    if upload is None or upload.user_id != user_id:
        raise NotFound("Загруженное изображение не найдено")
    return upload


async def owned_share(uow: UnitOfWork, user_id: UUID, token: str) -> Share:
    share = await uow.shares.get(token)
    if share is None or share.user_id != user_id:
        raise NotFound("Ссылка не найдена")
    return share


def shown(request: PredictionRequest) -> bool:
    """Whether a design can be shown on a link: rendered, and its image not deleted."""
    return request.status is Status.SUCCESS and request.public_url is not None and not request.deleted
