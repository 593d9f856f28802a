"""What a share link's client reaches without an account: the designs, and the answer buttons."""

from __future__ import annotations

from typing import Any

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, Request, Response, get, post
from litestar.openapi import ResponseSpec
from litestar.params import FromPath, JSONBody

from tortodelova.application.use_cases.shares.get_public_share import GetPublicShare
from tortodelova.application.use_cases.shares.submit_feedback import SubmitFeedback
from tortodelova.entrypoints.http.docs import BODY, problems
from tortodelova.entrypoints.http.limits.feedback_limits import FeedbackLimits
from tortodelova.entrypoints.http.schemas.shares import (
    FeedbackCreatedOut,
    FeedbackIn,
    SharePageOut,
    feedback_out,
    public_share_out,
)

# A revoked link must stop showing at once; search engines must not index a client's page.
_PRIVATE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow"}


class PublicShareController(Controller):
    path = "/public/shares"
    tags = ["public"]

    @get("/{token:str}", responses=problems(404))
    @inject
    async def show(
        self, token: FromPath[str], get_share: FromDishka[GetPublicShare]
    ) -> Response[SharePageOut]:
        """The link's designs, the baker's note and the answers so far. 404 when the link is unknown,
        revoked or expired, or its design was deleted. Never cached, never indexed."""
        return Response(SharePageOut(public_share_out(await get_share(token))), headers=_PRIVATE)

    @post(
        "/{token:str}/feedback",
        status_code=201,
        responses={
            200: ResponseSpec(
                FeedbackCreatedOut,
                description="The same as the link's latest answer: that one, not stored again",
            ),
            **problems(*BODY, 404, 409, 429),
        },
    )
    @inject
    async def answer(
        self,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        data: JSONBody[FeedbackIn],
        submit: FromDishka[SubmitFeedback],
        limits: FromDishka[FeedbackLimits],
    ) -> Response[FeedbackCreatedOut]:
        """The client approves a design or asks for changes (then with a comment saying what), with an
        optional name. On a link with an order, approving names the version shown (`quote_version`,
        409 once the baker changed it or it expired) and a name; a phone (+7) needs `consent`. The
        same answer as the link's latest one is not stored again: 200 with that answer. Limited per
        address on the link and per link (429 with Retry-After)."""
        await limits.hit(request, token)
        result = await submit(
            token,
            decision=data.decision,
            comment=data.comment,
            name=data.name,
            generation_id=data.generation_id,
            quote_version=data.quote_version,
            phone=data.phone,
            consent=bool(data.consent),
        )
        body = FeedbackCreatedOut(feedback_out(result.feedback))
        return Response(body, status_code=201 if result.created else 200)
