"""Content-Security-Policy and Referrer-Policy on what the API serves (the SPA, a share link's page).

The policy's text lives in content_security_policy.txt, which the frontend image's nginx renders too
(deploy/nginx/security-headers.sh), so `make dev` and compose send the same policy. Swagger UI
(/api/schema) starts with an inline script, so its pages go without the policy.
"""

from __future__ import annotations

from importlib.resources import files
from urllib.parse import urlsplit

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

POLICY_FILE = "content_security_policy.txt"
IMAGES = "{images}"
# Links to other sites (the messengers) carry no address: a share link's token stays on this site.
REFERRER_POLICY = "same-origin"
_WITHOUT_POLICY = "/api/schema"


def origin(url: str) -> str:
    """`scheme://host[:port]` of an absolute URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(images_origin: str) -> str:
    """The policy of content_security_policy.txt with `images_origin` for {images}."""
    text = files(__package__ or "").joinpath(POLICY_FILE).read_text(encoding="utf-8")
    directives = [
        line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    return "; ".join(d.replace(IMAGES, images_origin).strip() for d in directives)


def with_security_headers(app: ASGIApp, policy: str) -> ASGIApp:
    """Adds the policy and Referrer-Policy to every HTTP response but Swagger UI's."""
    headers = [(b"content-security-policy", policy.encode()), (b"referrer-policy", REFERRER_POLICY.encode())]

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP or scope["path"].startswith(_WITHOUT_POLICY):
            await app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *headers]}
            await send(message)

        await app(scope, receive, send_with_headers)

    return middleware
