"""What every signed-in controller shares: the bearer token checked by a class-level guard and the
caller injected (`user`, or `admin` on the admin routes), documented as bearer-secured."""

from __future__ import annotations

from litestar import Controller
from litestar.di import Provide

from tortodelova.entrypoints.http.auth import BEARER_SECURITY, current_user, require_admin, require_user


class UserController(Controller):
    guards = [require_user]
    security = BEARER_SECURITY
    dependencies = {"user": Provide(current_user, sync_to_thread=False)}


class AdminOnlyController(Controller):
    guards = [require_admin]
    security = BEARER_SECURITY
    dependencies = {"admin": Provide(current_user, sync_to_thread=False)}
