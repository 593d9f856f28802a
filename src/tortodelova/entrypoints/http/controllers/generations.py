from __future__ import annotations

from functools import partial
from typing import Annotated, Any
from uuid import UUID

import msgspec
from dishka.integrations.litestar import FromDishka, inject
from litestar import Request, Response, delete, get, post, put
from litestar.datastructures import ResponseHeader
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.response import ServerSentEvent

from tortodelova.application.ports.events import EventStream
from tortodelova.application.ports.queries import GenerationFilter
from tortodelova.application.results import GenerationView
from tortodelova.application.use_cases.accounts.get_profile import GetProfile
from tortodelova.application.use_cases.generations.cancel_generation import CancelGeneration
from tortodelova.application.use_cases.generations.delete_generation import DeleteGeneration
from tortodelova.application.use_cases.generations.favorite_generation import SetFavorite
from tortodelova.application.use_cases.generations.generation_input import GenerationInput
from tortodelova.application.use_cases.generations.get_generation import GetGeneration
from tortodelova.application.use_cases.generations.list_generations import ListGenerations
from tortodelova.application.use_cases.generations.quote_generation import QuoteGeneration
from tortodelova.application.use_cases.generations.submit_generation import SubmitGeneration
from tortodelova.domain.generation import DesignKind, Status
from tortodelova.domain.styles import STYLES
from tortodelova.entrypoints.http.auth import (
    CurrentUser,
    session_is_live,
)
from tortodelova.entrypoints.http.controllers.base import UserController
from tortodelova.entrypoints.http.docs import AUTH, BODY, problems
from tortodelova.entrypoints.http.params import (
    Credits,
    DateFrom,
    DateTo,
    IdempotencyKey,
    Limit,
    Offset,
    idempotency_key,
    page,
    period,
    text_filter,
)
from tortodelova.entrypoints.http.schemas.generations import (
    GenerationCreatedOut,
    GenerationEnvelope,
    GenerationIn,
    GenerationPage,
    QuoteOut,
    StyleOut,
    generation_out,
)
from tortodelova.entrypoints.http.streaming.queue_snapshot import QueueSnapshot
from tortodelova.entrypoints.http.streaming.sse import StreamTimings, generation_events
from tortodelova.entrypoints.http.streaming.stream_slots import StreamSlots


def _input(data: JSONBody[GenerationIn]) -> GenerationInput:
    """The body as the use cases take it: the same fields by name (schemas.py: GenerationIn)."""
    return msgspec.convert(data, GenerationInput, from_attributes=True)


@get("/styles", tags=["generations"])
async def list_styles() -> list[StyleOut]:
    """The style catalogue (Russian titles)."""
    return [StyleOut(s.code, s.title, s.description) for s in STYLES.values()]


class GenerationController(UserController):
    path = "/generations"
    tags = ["generations"]

    @post("/quote", status_code=200, responses=problems(*AUTH, *BODY, 404, 409))
    @inject
    async def quote(
        self, user: CurrentUser, data: JSONBody[GenerationIn], quote: FromDishka[QuoteGeneration]
    ) -> QuoteOut:
        """The price in credits of a submit with these parameters: per variant (by the steps actually
        run: ceil(steps × strength) when starting from a picture) and in total (× variants). The
        pictures are checked as a submit checks them: 404 for another user's or an unknown one,
        409 for a design not finished yet."""
        quoted = await quote(user.id, _input(data))
        return QuoteOut(quoted.credits, quoted.per_variant, quoted.variants)

    @post(
        "",
        status_code=202,
        responses=problems(*AUTH, *BODY, 402, 404, 409, 429),
        response_headers=[
            ResponseHeader(name="Location", description="URL of the new generation", documentation_only=True)
        ],
    )
    @inject
    async def create(
        self,
        user: CurrentUser,
        data: JSONBody[GenerationIn],
        submit: FromDishka[SubmitGeneration],
        idempotency: IdempotencyKey = None,
    ) -> Response[GenerationCreatedOut]:
        """Reserve the credits of every variant (all or nothing) and queue them; follow each at its
        `/api/generations/{id}` or `/events` (`Location`: the first). 404 when `init_image` or
        `mask_upload_id` names an upload or design that is not the caller's; 409 when the design is not
        finished; 429 when the variants would take the caller past MAX_ACTIVE_GENERATIONS queued or running."""
        submitted = await submit(user.id, _input(data), idempotency_key(idempotency))
        generations = [generation_out(v) for v in submitted.views]
        body = GenerationCreatedOut(generations[0], generations)
        location = f"/api/generations/{submitted.view.request.id}"
        return Response(body, status_code=202, headers={"Location": location})

    @get("", responses=problems(*AUTH, 422))
    @inject
    async def index(
        self,
        user: CurrentUser,
        list_generations: FromDishka[ListGenerations],
        status: FromQuery[Status | None] = None,
        style: Annotated[str | None, text_filter("Style code")] = None,
        date_from: DateFrom = None,
        date_to: DateTo = None,
        credits_min: Credits = None,
        credits_max: Credits = None,
        favorite: Annotated[
            bool | None, QueryParameter(description="true: starred designs only; false: unstarred only")
        ] = None,
        kind: Annotated[
            DesignKind | None,
            QueryParameter(description="generation, upscale (увеличенные) or inscription (с надписью) only"),
        ] = None,
        include_deleted: Annotated[
            bool, QueryParameter(description="Also list designs the caller deleted (`deleted: true`)")
        ] = False,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> GenerationPage:
        """The caller's generations, newest first. Deleted designs are left out unless `include_deleted`
        (the history shows them, marked; the gallery does not)."""
        flt = GenerationFilter(
            status=status,
            style=style.strip() or None if style else None,
            **period(date_from, date_to),
            credits_min=credits_min,
            credits_max=credits_max,
            favorite=favorite,
            include_deleted=include_deleted,
            kind=kind,
        )
        result = await list_generations.for_user(user.id, flt, page(limit, offset))
        return GenerationPage([generation_out(v) for v in result.items], result.total)

    @get("/{generation_id:uuid}", responses=problems(*AUTH, 404))
    @inject
    async def get_one(
        self, user: CurrentUser, generation_id: FromPath[UUID], get_generation: FromDishka[GetGeneration]
    ) -> GenerationEnvelope:
        return GenerationEnvelope(generation_out(await get_generation(user.id, generation_id)))

    @delete("/{generation_id:uuid}", status_code=204, responses=problems(*AUTH, 404, 409))
    @inject
    async def delete_one(
        self,
        user: CurrentUser,
        generation_id: FromPath[UUID],
        delete_generation: FromDishka[DeleteGeneration],
    ) -> None:
        """Delete a finished design: its image leaves the object store (the public URL stops serving it),
        its share links die, the row stays with `deleted: true` for the history and the ledger.
        409 while pending or processing. Repeating it answers 204 again."""
        await delete_generation(user.id, generation_id)

    @put("/{generation_id:uuid}/favorite", status_code=204, responses=problems(*AUTH, 404))
    @inject
    async def star(
        self, user: CurrentUser, generation_id: FromPath[UUID], set_favorite: FromDishka[SetFavorite]
    ) -> None:
        """Star a design (★). Idempotent; 404 for another user's, unknown or deleted design."""
        await set_favorite(user.id, generation_id, True)

    @delete("/{generation_id:uuid}/favorite", status_code=204, responses=problems(*AUTH, 404))
    @inject
    async def unstar(
        self, user: CurrentUser, generation_id: FromPath[UUID], set_favorite: FromDishka[SetFavorite]
    ) -> None:
        """Remove the star. Idempotent; 404 for another user's, unknown or deleted design."""
        await set_favorite(user.id, generation_id, False)

    @post("/{generation_id:uuid}/cancel", status_code=200, responses=problems(*AUTH, 404, 409))
    @inject
    async def cancel(
        self, user: CurrentUser, generation_id: FromPath[UUID], cancel: FromDishka[CancelGeneration]
    ) -> GenerationEnvelope:
        """Withdraw a queued generation: status `cancelled`, the reserved credits are released, nothing is
        charged. 409 once a worker has started it or it has finished."""
        return GenerationEnvelope(generation_out(await cancel(user.id, generation_id)))

    @get(
        "/{generation_id:uuid}/events",
        responses=problems(*AUTH, 404, 429),
        media_type="text/event-stream",
        response_description="`data:` lines of {status, progress, queue_position, public_url, error} until a "
        "terminal status",
    )
    @inject
    async def events(
        self,
        request: Request[Any, Any, Any],
        user: CurrentUser,
        generation_id: FromPath[UUID],
        get_generation: FromDishka[GetGeneration],
        stream: FromDishka[EventStream],
        profile: FromDishka[GetProfile],
        snapshot: FromDishka[QueueSnapshot],
        slots: FromDishka[StreamSlots],
        timings: FromDishka[StreamTimings],
    ) -> ServerSentEvent:
        """Server-Sent Events: the current state first, then each change, closing after a terminal status
        (success, failed, cancelled). 429 beyond MAX_STREAMS_PER_USER open streams of the caller."""
        await get_generation(user.id, generation_id)  # 404 before the stream starts

        async def read() -> GenerationView:
            # The row by its key; the queue position from the shared snapshot, not a query per stream.
            current = await get_generation.request(user.id, generation_id)
            return GenerationView(current, await snapshot.position(current))

        authorised = partial(session_is_live, request, profile)
        return ServerSentEvent(
            await slots.hold(user.id, generation_events(generation_id, read, stream, timings, authorised))
        )
