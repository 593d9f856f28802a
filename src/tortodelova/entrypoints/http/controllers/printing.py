"""From screen to cake (issue 22): the edible-print file of a design."""

from __future__ import annotations

from uuid import UUID

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, Response, post
from litestar.datastructures import ResponseHeader
from litestar.di import Provide
from litestar.params import FromPath, JSONBody

from tortodelova.application.use_cases.printing.export_print import ExportPrint
from tortodelova.entrypoints.http.auth import BEARER_SECURITY, CurrentUser, current_user, require_user
from tortodelova.entrypoints.http.docs import AUTH, BODY, problems
from tortodelova.entrypoints.http.printing_schemas import PrintIn

EFFECTIVE_DPI = "X-Effective-DPI"


class PrintingController(Controller):
    path = "/generations"
    tags = ["printing"]
    guards = [require_user]
    security = BEARER_SECURITY
    dependencies = {"user": Provide(current_user, sync_to_thread=False)}

    @post(
        "/{generation_id:uuid}/print",
        status_code=200,
        media_type="application/pdf",
        responses=problems(*AUTH, *BODY, 404, 409),
        response_description="The print file (application/pdf, image/png or image/jpeg) as an attachment",
        response_headers=[
            ResponseHeader(
                name=EFFECTIVE_DPI,
                description="Dots per inch the design's pixels give at the printed size (under 300: soft)",
                documentation_only=True,
            ),
            ResponseHeader(
                name="Content-Disposition", description="attachment; filename=…", documentation_only=True
            ),
        ],
    )
    @inject
    async def print_file(
        self,
        user: CurrentUser,
        generation_id: FromPath[UUID],
        data: JSONBody[PrintIn],
        export: FromDishka[ExportPrint],
    ) -> Response[bytes]:
        """The design laid out for an edible-ink printer at the cake's exact size: a PDF whose page has
        the physical size (the picture placed at the cut size plus bleed, a vector cut line, crop marks
        on `fit`, sRGB), or a 300 dpi PNG / JPEG with the dpi and the sRGB profile in the file.
        Pure CPU, no credits. 404 for another user's, unknown or deleted design; 409 while it is not
        finished; 422 for sizes, layouts or sheets that are not allowed or do not fit."""
        spec = data.to_spec()  # validation before any I/O
        exported = await export(user.id, generation_id, spec)
        return Response(
            exported.file.data,
            media_type=exported.file.content_type,
            headers={
                EFFECTIVE_DPI: str(exported.file.effective_dpi),
                "Content-Disposition": f'attachment; filename="{exported.filename}"',
            },
        )
