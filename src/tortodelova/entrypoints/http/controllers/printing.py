"""From screen to cake (issue 22): the edible-print file of a design."""

from __future__ import annotations

import asyncio
from uuid import UUID

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, Response, get, post
from litestar.datastructures import CacheControlHeader, ResponseHeader
from litestar.params import FromPath, JSONBody

from tortodelova.adapters.inscriptions.fonts import font_path
from tortodelova.application.use_cases.printing.add_inscription import AddInscription
from tortodelova.application.use_cases.printing.export_print import ExportPrint
from tortodelova.application.use_cases.printing.quote_upscale import QuoteUpscale
from tortodelova.application.use_cases.printing.submit_upscale import SubmitUpscale
from tortodelova.domain.errors import NotFound
from tortodelova.domain.inscription import FONTS
from tortodelova.entrypoints.http.auth import CurrentUser
from tortodelova.entrypoints.http.controllers.base import UserController
from tortodelova.entrypoints.http.docs import AUTH, BODY, problems
from tortodelova.entrypoints.http.params import IdempotencyKey, idempotency_key
from tortodelova.entrypoints.http.schemas.generations import GenerationEnvelope, generation_out
from tortodelova.entrypoints.http.schemas.printing import (
    FontOut,
    InscriptionIn,
    PrintIn,
    UpscaleIn,
    UpscaleQuoteOut,
    font_out,
)

EFFECTIVE_DPI = "X-Effective-DPI"


class PrintingController(UserController):
    path = "/generations"
    tags = ["printing"]

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

    @post(
        "/{generation_id:uuid}/upscale",
        status_code=202,
        responses=problems(*AUTH, *BODY, 402, 404, 409, 429),
        response_headers=[
            ResponseHeader(name="Location", description="URL of the new design", documentation_only=True)
        ],
    )
    @inject
    async def upscale(
        self,
        user: CurrentUser,
        generation_id: FromPath[UUID],
        data: JSONBody[UpscaleIn],
        submit: FromDishka[SubmitUpscale],
        idempotency: IdempotencyKey = None,
    ) -> Response[GenerationEnvelope]:
        """Enlarge the design for print, 2 or 4 times a side (Real-ESRGAN x4plus on a worker; x2 is x4
        reduced): a new design of kind `upscale` (its `parent_id`: this one), queued like a generation,
        UPSCALE_CREDITS reserved now and charged only once the picture is stored. Follow it at
        `/api/generations/{id}` or `/events`. 402 without the credits; 404 for another user's, unknown or
        deleted design; 409 while it is not finished, or when this server has no upscaler weights; 422
        for another factor or a design over 1024 px a side; 429 past MAX_ACTIVE_GENERATIONS."""
        submitted = await submit(user.id, generation_id, data.factor, idempotency_key(idempotency))
        return Response(
            GenerationEnvelope(generation_out(submitted.view)),
            status_code=202,
            headers={"Location": f"/api/generations/{submitted.view.request.id}"},
        )

    @post("/{generation_id:uuid}/upscale/quote", status_code=200, responses=problems(*AUTH, *BODY, 404, 409))
    @inject
    async def upscale_quote(
        self,
        user: CurrentUser,
        generation_id: FromPath[UUID],
        data: JSONBody[UpscaleIn],
        quote: FromDishka[QuoteUpscale],
    ) -> UpscaleQuoteOut:
        """The price and size of that upscale, after the checks the upscale itself makes (nothing is
        reserved): 404 for another user's, unknown or deleted design; 409 while it is not finished, or
        when this server has no upscaler weights; 422 for another factor or a design over 1024 px a side."""
        quoted = await quote(user.id, generation_id, data.factor)
        return UpscaleQuoteOut(quoted.credits, quoted.width, quoted.height)

    @post(
        "/{generation_id:uuid}/inscription",
        status_code=201,
        responses=problems(*AUTH, *BODY, 404, 409),
        response_headers=[
            ResponseHeader(name="Location", description="URL of the new design", documentation_only=True)
        ],
    )
    @inject
    async def inscription(
        self,
        user: CurrentUser,
        generation_id: FromPath[UUID],
        data: JSONBody[InscriptionIn],
        add: FromDishka[AddInscription],
    ) -> Response[GenerationEnvelope]:
        """A new design of kind `inscription` (its `parent_id`: this one): the text drawn on the design
        with FreeType in one of the fonts of GET /api/inscriptions/fonts, kept inside the cake top's
        safe zone, along the edge (`arc_top`, `arc_bottom`) or straight (`center`, `bottom`). Rendered
        by the API in seconds, no credits; stored like any design. 404 for another user's, unknown or
        deleted design; 409 while it is not finished; 422 for the text, font, colours, size or placement."""
        spec = data.to_spec()  # validation before any I/O
        view = await add(user.id, generation_id, spec)
        return Response(
            GenerationEnvelope(generation_out(view)),
            status_code=201,
            headers={"Location": f"/api/generations/{view.request.id}"},
        )


class InscriptionFontController(Controller):
    """The inscription fonts: public (SIL Open Font License), cached by browsers."""

    path = "/inscriptions/fonts"
    tags = ["printing"]

    @get("")
    async def fonts(self) -> list[FontOut]:
        """The fonts an inscription may use, with complete Russian (ё included): script faces and a
        plain one. `url` serves the font file for the SPA's live preview."""
        return [font_out(face) for face in FONTS.values()]

    @get(
        "/{font_id:str}",
        media_type="font/ttf",
        responses=problems(404),
        cache_control=CacheControlHeader(max_age=86400, public=True),
        response_description="The TrueType file",
    )
    async def font_file(self, font_id: FromPath[str]) -> Response[bytes]:
        """One font's TrueType file (what the API draws inscriptions with). 404 for any other id."""
        if font_id not in FONTS:
            raise NotFound("Шрифт не найден")
        # The bytes, not a File response: a File documents a Last-Modified header as a date-time,
        # which an HTTP date is not (the schema would lie). The files are small and cached a day.
        body = await asyncio.to_thread(font_path(font_id).read_bytes)
        return Response(body, media_type="font/ttf")
