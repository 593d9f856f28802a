"""The owner's share links and the clients' answers on them."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from dishka.integrations.litestar import FromDishka, inject
from litestar import Request, Response, delete, get, post
from litestar.params import FromPath, JSONBody, QueryParameter

from tortodelova.application.use_cases.shares.create_share import CreateShare
from tortodelova.application.use_cases.shares.list_feedback import ListFeedback
from tortodelova.application.use_cases.shares.list_shares import ListShares
from tortodelova.application.use_cases.shares.revoke_share import RevokeShare
from tortodelova.entrypoints.http.auth import CurrentUser
from tortodelova.entrypoints.http.controllers.base import UserController
from tortodelova.entrypoints.http.docs import AUTH, BODY, problems
from tortodelova.entrypoints.http.pages.site_url import PublicBaseUrl
from tortodelova.entrypoints.http.params import Limit, Offset, page
from tortodelova.entrypoints.http.schemas.orders import quote_request
from tortodelova.entrypoints.http.schemas.shares import (
    FeedbackPage,
    ShareCreatedOut,
    ShareIn,
    SharePage,
    feedback_out,
    share_out,
)

GenerationFilterId = Annotated[
    UUID | None, QueryParameter(description="Only the links that show this design")
]


class ShareController(UserController):
    path = ""
    tags = ["shares"]

    @post(
        "/generations/{generation_id:uuid}/share", status_code=201, responses=problems(*AUTH, *BODY, 404, 409)
    )
    @inject
    async def create(
        self,
        request: Request[Any, Any, Any],
        user: CurrentUser,
        generation_id: FromPath[UUID],
        data: JSONBody[ShareIn],
        create_share: FromDishka[CreateShare],
        site: FromDishka[PublicBaseUrl],
    ) -> Response[ShareCreatedOut]:
        """A link for the client to see and approve the design (and the variants submitted with it),
        with an optional order card (`quote`, priced by the server from the price list: 409 without
        one). The client sees the design's description only with `show_description`, else just the
        note. 404 for another user's design, 409 unless it finished successfully."""
        quote = quote_request(data.quote) if data.quote is not None else None
        view = await create_share(
            user.id,
            generation_id,
            data.note,
            data.expires_in_days,
            quote,
            show_description=data.show_description,
        )
        body = ShareCreatedOut(share_out(view, site.of(request)))
        return Response(
            body, status_code=201, headers={"Location": f"/api/shares?generation_id={generation_id}"}
        )

    @get("/shares", responses=problems(*AUTH, 422))
    @inject
    async def index(
        self,
        request: Request[Any, Any, Any],
        user: CurrentUser,
        list_shares: FromDishka[ListShares],
        site: FromDishka[PublicBaseUrl],
        generation_id: GenerationFilterId = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> SharePage:
        """The caller's links, newest first, revoked and expired ones included."""
        result = await list_shares(user.id, generation_id, page(limit, offset))
        base = site.of(request)
        return SharePage([share_out(v, base) for v in result.items], result.total)

    @delete("/shares/{token:str}", status_code=204, responses=problems(*AUTH, 404))
    @inject
    async def revoke(
        self, user: CurrentUser, token: FromPath[str], revoke_share: FromDishka[RevokeShare]
    ) -> None:
        """Withdraw a link: it answers 404 from now on. Revoking again is harmless."""
        await revoke_share(user.id, token)

    @get("/generations/{generation_id:uuid}/feedback", responses=problems(*AUTH, 404))
    @inject
    async def feedback(
        self, user: CurrentUser, generation_id: FromPath[UUID], list_feedback: FromDishka[ListFeedback]
    ) -> FeedbackPage:
        """The clients' answers about the design, through any of its links, oldest first."""
        return FeedbackPage([feedback_out(f) for f in await list_feedback(user.id, generation_id)])
