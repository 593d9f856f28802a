"""What a share link's client reaches without an account: the designs, and the answer buttons."""

from __future__ import annotations

from typing import Any

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, Request, Response, get, post
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

    @post("/{token:str}/feedback", status_code=201, responses=problems(*BODY, 404, 429))
    @inject
    async def answer(
        self,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        data: JSONBody[FeedbackIn],
        submit: FromDishka[SubmitFeedback],
        limits: FromDishka[FeedbackLimits],
    ) -> FeedbackCreatedOut:
        """The client approves a design or asks for changes, with an optional comment and name.
        Limited per address on the link and per link (429 with Retry-After)."""
        await limits.hit(request, token)
        feedback = await submit(
            token,
            decision=data.decision,
            comment=data.comment,
            name=data.name,
            generation_id=data.generation_id,
        )
        return FeedbackCreatedOut(feedback_out(feedback))
