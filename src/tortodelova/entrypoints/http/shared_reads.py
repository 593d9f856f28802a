"""A GET request's reads on one pooled connection: the authorisation's reading block hands its
connection to the handler's (adapters/db/unit_of_work.py: shared_reads) instead of returning it to the
pool for the handler to check it out again, which cost a list about 7 % of its time. Other
methods are left alone: while a body arrives (a photo from a slow phone) the kept connection would
sit idle. Whatever is kept goes back when the response starts, before any stream runs."""

from __future__ import annotations

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from tortodelova.adapters.db.unit_of_work import shared_reads


def sharing_reads(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP or scope["method"] not in ("GET", "HEAD"):
            await app(scope, receive, send)
            return
        async with shared_reads() as handoff:

            async def send_releasing(message: Message) -> None:
                if message["type"] == "http.response.start":
                    await handoff.release()
                await send(message)

            await app(scope, receive, send_releasing)

    return middleware
