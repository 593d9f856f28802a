"""Stale refresh tokens are deleted (memory and PostgreSQL); live ones and the reuse window stay."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tortodelova.application.use_cases.accounts.purge_refresh_tokens import PurgeRefreshTokens, TokenRetention
from tortodelova.domain.errors import InvalidToken

RETENTION = timedelta(hours=168)


def purge(world) -> PurgeRefreshTokens:  # noqa: ANN001
    return PurgeRefreshTokens(uow=world.new_uow(), clock=world.clock, retention=TokenRetention(RETENTION))


async def test_revoked_and_expired_tokens_are_deleted_after_the_retention_window(world):
    await world.new_user()
    rotated = await world.login()("baker@example.com", "correct horse")
    current = await world.refresh()(rotated.refresh_token)  # `rotated` is revoked now
    logged_out = await world.login()("baker@example.com", "correct horse")
    await world.logout()(logged_out.refresh_token)
    await world.login()("baker@example.com", "correct horse")  # a live session

    world.clock.advance(RETENTION.total_seconds() - 1)
    assert await purge(world)() == 0  # still inside the window: a replay is still detected
    world.clock.advance(2)
    assert await purge(world)() == 2  # the rotated and the logged-out token
    with pytest.raises(InvalidToken):
        await world.refresh()(rotated.refresh_token)  # gone: simply unknown now
    current = await world.refresh()(current.refresh_token)  # live sessions are untouched
    assert await purge(world)() == 0  # the token it rotated is inside its own window

    world.clock.advance(world.tokens.refresh_ttl_seconds + RETENTION.total_seconds() + 1)
    assert await purge(world)() == 3  # everything has expired long enough ago
    with pytest.raises(InvalidToken):
        await world.refresh()(current.refresh_token)
