from __future__ import annotations

from typing import Annotated, Any

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, Request, Response, post
from litestar.params import CookieParameter, JSONBody

from tortodelova.application.use_cases.accounts.authenticate import Authenticate
from tortodelova.application.use_cases.accounts.logout import Logout
from tortodelova.application.use_cases.accounts.refresh_session import RefreshSession
from tortodelova.application.use_cases.accounts.register_user import RegisterUser
from tortodelova.entrypoints.http.auth import REFRESH_COOKIE, cleared_refresh_cookie, refresh_cookie
from tortodelova.entrypoints.http.docs import BODY, problems
from tortodelova.entrypoints.http.limits.rate_limit import AuthLimits, login_attempt, rate_limited
from tortodelova.entrypoints.http.schemas.account import UserEnvelope, user_out
from tortodelova.entrypoints.http.schemas.auth import LoginIn, LoginOut, RegisterIn, TokenOut

RefreshCookie = Annotated[
    str | None,
    CookieParameter(name=REFRESH_COOKIE, required=False, description="Refresh token (httpOnly cookie)"),
]


class AuthController(Controller):
    path = "/auth"
    tags = ["auth"]

    @post(
        "/register", status_code=201, guards=[rate_limited("register")], responses=problems(*BODY, 409, 429)
    )
    @inject
    async def register(self, data: JSONBody[RegisterIn], register: FromDishka[RegisterUser]) -> UserEnvelope:
        """Create an account; the welcome bonus arrives as a `bonus` transaction."""
        return UserEnvelope(user_out(await register(data.email, data.password)))

    @post("/login", status_code=200, responses=problems(*BODY, 401, 403, 429))
    @inject
    async def login(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[LoginIn],
        authenticate: FromDishka[Authenticate],
        limits: FromDishka[AuthLimits],
    ) -> Response[LoginOut]:
        """Access token in the body; the refresh token in an httpOnly cookie scoped to /api/auth.
        Too many failed logins for the account, or from the client's address, answer 429."""
        async with login_attempt(limits, request, data.email):
            session = await authenticate(data.email, data.password)
        body = LoginOut(session.access_token, "bearer", session.expires_in, user_out(session.user))
        return Response(
            body, cookies=[refresh_cookie(request, session.refresh_token, session.refresh_expires_in)]
        )

    @post("/refresh", status_code=200, guards=[rate_limited("refresh")], responses=problems(401, 403, 429))
    @inject
    async def refresh(
        self,
        request: Request[Any, Any, Any],
        refresh: FromDishka[RefreshSession],
        token: RefreshCookie = None,
    ) -> Response[TokenOut]:
        """Rotate the refresh cookie. A token that was already rotated ends every session of its login."""
        session = await refresh(token)
        body = TokenOut(session.access_token, "bearer", session.expires_in)
        return Response(
            body, cookies=[refresh_cookie(request, session.refresh_token, session.refresh_expires_in)]
        )

    @post("/logout", status_code=204)
    @inject
    async def logout(
        self, request: Request[Any, Any, Any], logout: FromDishka[Logout], token: RefreshCookie = None
    ) -> Response[None]:
        """Revoke this login's refresh tokens and clear the cookie. Always 204."""
        await logout(token)
        return Response(None, status_code=204, cookies=[cleared_refresh_cookie(request)])
