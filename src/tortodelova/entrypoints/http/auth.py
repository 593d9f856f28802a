"""Who is calling: bearer access tokens, the refresh cookie, client addresses.

Every authenticated request reloads the user and checks the token's session (GetProfile): a blocked
account or a revoked login stops working at once, and the admin guard trusts the role in the
database, not the one written into the token.
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.handlers import BaseRouteHandler

from tortodelova.application.ports.security import TokenService
from tortodelova.application.use_cases.accounts.get_profile import GetProfile
from tortodelova.domain.errors import Forbidden, InactiveUser, InvalidToken, NotFound
from tortodelova.domain.users import User

REFRESH_COOKIE = "tortodelova_refresh"
REFRESH_COOKIE_PATH = "/api/auth"
BEARER_SECURITY: list[dict[str, list[str]]] = [{"BearerAuth": []}]

CurrentUser = NamedDependency[User]  # a handler parameter filled by the `current_user` dependency


def bearer_token(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    header = connection.headers.get("authorization", "")
    scheme, _, token = header.strip().partition(" ")
    if not header:
        raise InvalidToken("Требуется вход: нет токена доступа")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidToken("Ожидается заголовок Authorization: Bearer <токен>")
    return token.strip()


async def authenticate(connection: ASGIConnection[Any, Any, Any, Any]) -> User:
    container = connection.state.dishka_container
    tokens = await container.get(TokenService)
    claims = tokens.decode_access(bearer_token(connection))
    profile = await container.get(GetProfile)
    try:
        user = await profile(claims.user_id, claims.session_id)
    except NotFound:
        raise InvalidToken() from None  # the account is gone: the token no longer names anyone
    connection.scope["user"] = user  # for the handlers and the access log
    connection.scope["session_id"] = claims.session_id  # type: ignore[typeddict-unknown-key]
    return user


async def session_is_live(connection: ASGIConnection[Any, Any, Any, Any], profile: GetProfile) -> bool:
    """Re-check, for a long response (SSE), that the caller's account and session still hold."""
    try:
        await profile(connection.scope["user"].id, connection.scope["session_id"])  # type: ignore[typeddict-item]
    except (InvalidToken, InactiveUser, NotFound):
        return False
    return True


async def require_user(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    await authenticate(connection)


async def require_admin(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    user = await authenticate(connection)
    if not user.is_admin:
        raise Forbidden("Раздел доступен только администраторам")


def current_user(request: Request[Any, Any, Any]) -> User:
    """Handler dependency: the user the guard loaded for this request."""
    return request.scope["user"]


def is_https(connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
    """The original request's scheme: http/proxies.py has already applied trusted proxies' headers."""
    return connection.scope.get("scheme") in ("https", "wss")


def refresh_cookie(
    connection: ASGIConnection[Any, Any, Any, Any], secret: str, max_age: int, expires: int | None = None
) -> Cookie:
    return Cookie(
        key=REFRESH_COOKIE,
        value=secret,
        max_age=max_age,
        expires=expires,
        path=REFRESH_COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=is_https(connection),
    )


def cleared_refresh_cookie(connection: ASGIConnection[Any, Any, Any, Any]) -> Cookie:
    return refresh_cookie(connection, "", max_age=0, expires=0)


def client_ip(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """The caller's address (http/proxies.py has already applied trusted proxies' X-Forwarded-For)."""
    return connection.client.host if connection.client else "unknown"
