"""Helper shared by the login and refresh use cases: issue an access token and a refresh token."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.security import TokenService
from tortodelova.application.ports.system import Clock, IdGenerator
from tortodelova.application.results import Session
from tortodelova.domain.tokens import RefreshToken
from tortodelova.domain.users import User


async def open_session(
    uow: UnitOfWork,
    tokens: TokenService,
    ids: IdGenerator,
    clock: Clock,
    user: User,
    family_id: UUID | None,
    secret: str | None = None,
) -> tuple[Session, RefreshToken]:
    """Adds the refresh token to `uow` (the caller commits) and returns the session."""
    now = clock.now()
    secret = secret or tokens.new_refresh_secret()
    record = RefreshToken(
        id=ids.new(),
        user_id=user.id,
        family_id=family_id or ids.new(),
        token_hash=tokens.hash_refresh_secret(secret),
        expires_at=now + timedelta(seconds=tokens.refresh_ttl_seconds),
        created_at=now,
    )
    await uow.refresh_tokens.add(record)
    return resumed_session(tokens, user, record, secret, now), record


def resumed_session(
    tokens: TokenService, user: User, record: RefreshToken, secret: str, now: datetime
) -> Session:
    """A fresh access token for the live refresh token `record`, whose secret is `secret`."""
    return Session(
        access_token=tokens.issue_access(user, record.family_id),
        expires_in=tokens.access_ttl_seconds,
        refresh_token=secret,
        refresh_expires_in=max(0, int((record.expires_at - now).total_seconds())),
        user=user,
    )
