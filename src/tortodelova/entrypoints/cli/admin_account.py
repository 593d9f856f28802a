"""Create the admin account, or promote an existing one when asked to (CLI `create-admin` and `tortodelova dev`)."""

from __future__ import annotations

import secrets

from dishka import Scope

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.use_cases.admin.ensure_admin import EnsureAdmin
from tortodelova.domain.users import Email
from tortodelova.entrypoints.config.settings import Settings
from tortodelova.entrypoints.ioc import make_container


async def create_admin(
    settings: Settings, email: str, password: str | None, *, promote: bool = False
) -> tuple[bool, str | None]:
    """(created, generated password or None). A new admin without a password gets a generated one.
    Raises PromotionRefused for an existing non-admin account unless `promote`."""
    container = make_container(settings)
    try:
        async with container(scope=Scope.REQUEST) as request:
            uow = await request.get(UnitOfWork)
            async with uow:
                exists = await uow.users.get_by_email(Email.parse(email)) is not None
            generated = None
            if password is None and not exists:
                password = generated = secrets.token_urlsafe(12)
            _, created = await (await request.get(EnsureAdmin))(email, password, promote=promote)
    finally:
        await container.close()
    return created, generated
