"""Bodies of /api/auth: registration, login, refresh."""

from __future__ import annotations

from typing import Annotated

import msgspec

from tortodelova.domain.users import EMAIL_PATTERN, PASSWORD_MAX, PASSWORD_MIN
from tortodelova.entrypoints.http.schemas.account import UserOut
from tortodelova.entrypoints.http.schemas.common import _doc

# --- requests ---------------------------------------------------------------------------------


class RegisterIn(msgspec.Struct):
    email: Annotated[str, _doc(format="email", max_length=254, pattern=EMAIL_PATTERN)]
    password: Annotated[str, _doc(min_length=PASSWORD_MIN, max_length=PASSWORD_MAX)]


class LoginIn(msgspec.Struct):
    email: str
    password: str


# --- responses --------------------------------------------------------------------------------


class TokenOut(msgspec.Struct):
    access_token: str
    token_type: str
    expires_in: int


class LoginOut(msgspec.Struct):
    access_token: str
    token_type: str
    expires_in: int
    user: UserOut
