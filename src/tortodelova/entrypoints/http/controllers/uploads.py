"""Reference photos and masks: POST /api/uploads (multipart) and GET /api/uploads/{id}."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID

from dishka.integrations.litestar import FromDishka, inject
from litestar import Request, Response, get, post
from litestar.connection import ASGIConnection
from litestar.datastructures import ResponseHeader
from litestar.enums import RequestEncodingType
from litestar.exceptions import ClientException
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.handlers import BaseRouteHandler
from litestar.params import Body, FromPath

from tortodelova.application.ports.limits import LimitCounter, Window
from tortodelova.application.use_cases.generations.get_upload import GetUpload
from tortodelova.application.use_cases.generations.upload_image import UploadImage
from tortodelova.domain.images import MAX_UPLOAD_BYTES, ImageTooLarge
from tortodelova.entrypoints.http.auth import CurrentUser
from tortodelova.entrypoints.http.controllers.base import UserController
from tortodelova.entrypoints.http.docs import AUTH, BODY, problems
from tortodelova.entrypoints.http.limits.rate_limit import admit
from tortodelova.entrypoints.http.problems import (
    ProblemDetails,
    domain_error_handler,
    http_exception_handler,
    problem,
)
from tortodelova.entrypoints.http.schemas.uploads import UploadCreatedOut, UploadIn, upload_out

UPLOADS_PER_MINUTE = 30  # per user, over all API processes: a studio session uploads a handful
# the file itself may be MAX_UPLOAD_BYTES; the multipart framing and the `purpose` field need a little more
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 64 * 1024


@dataclass(frozen=True, slots=True)
class UploadLimiter:
    """The uploads of each user, UPLOADS_PER_MINUTE at most, counted in the shared LimitCounter."""

    counter: LimitCounter
    window: Window = Window("uploads", UPLOADS_PER_MINUTE, 60.0)


async def _limit_uploads(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """After require_user (controller guards run first): counted per user, before the body is read."""
    limiter = await connection.state.dishka_container.get(UploadLimiter)
    await admit(limiter.counter, (limiter.window, str(connection.scope["user"].id)))


def _too_large(request: Request[Any, Any, Any], exc: RequestEntityTooLarge) -> Response[ProblemDetails]:
    """The body went past MAX_REQUEST_BYTES while arriving: say it about the file, in Russian."""
    return domain_error_handler(request, ImageTooLarge())


def _client_error(request: Request[Any, Any, Any], exc: ClientException) -> Response[ProblemDetails]:
    """A body that is not multipart at all: not the JSON message the other routes give."""
    if type(exc) is ClientException and exc.status_code == 400:
        return problem(400, "Ожидается multipart/form-data с файлом в поле file.", code="malformed_multipart")
    return http_exception_handler(request, exc)


class UploadController(UserController):
    """Pictures a generation starts from (reference) or the area it redraws (mask); private to the owner."""

    path = "/uploads"
    tags = ["uploads"]

    @post(
        "",
        status_code=201,
        guards=[_limit_uploads],
        request_max_body_size=MAX_REQUEST_BYTES,
        exception_handlers={RequestEntityTooLarge: _too_large, ClientException: _client_error},
        responses=problems(*AUTH, *BODY, 413, 429),
        response_headers=[
            ResponseHeader(name="Location", description="URL of the new upload", documentation_only=True)
        ],
    )
    @inject
    async def create(
        self,
        user: CurrentUser,
        data: Annotated[UploadIn, Body(media_type=RequestEncodingType.MULTI_PART)],
        upload_image: FromDishka[UploadImage],
    ) -> Response[UploadCreatedOut]:
        """Upload a JPEG, PNG or WebP (at most 10 MB and 40 megapixels): it is decoded and verified,
        turned upright by its EXIF orientation, scaled down to 2048 px on the long side, stripped of all
        metadata (GPS included) and kept as a PNG that only the owner reads, through the short-lived
        presigned `url`. A `mask` is kept as 8-bit grayscale, white = the area to redraw. 413 over
        10 MB; 422 for anything that is not such an image or is bigger than 40 megapixels."""
        try:
            content = await data.file.read()
        finally:
            await data.file.close()
        view = await upload_image(user.id, content, data.purpose)
        return Response(
            upload_out(view), status_code=201, headers={"Location": f"/api/uploads/{view.upload.id}"}
        )

    @get("/{upload_id:uuid}", responses=problems(*AUTH, 404))
    @inject
    async def show(
        self, user: CurrentUser, upload_id: FromPath[UUID], get_upload: FromDishka[GetUpload]
    ) -> UploadCreatedOut:
        """One of the caller's uploads with a fresh presigned `url`; another user's id is a 404."""
        return upload_out(await get_upload(user.id, upload_id))
