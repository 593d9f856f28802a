"""Refresh-token grace window and session revocation, on every UnitOfWork adapter."""

from __future__ import annotations

import asyncio

import pytest

from tortodelova.domain.errors import InvalidToken

GRACE = 10  # Settings.refresh_reuse_grace_seconds' default, which the test world uses


async def _login(world):
    await world.new_user("baker@example.com")
    return await world.login()("baker@example.com", "correct horse")


def _sid(world, session):
    return world.tokens.decode_access(session.access_token).session_id


async def test_a_token_rotated_within_the_window_yields_the_same_successor(world):
    first = await _login(world)
    second = await world.refresh()(first.refresh_token)
    world.clock.advance(GRACE - 1)
    again = await world.refresh()(first.refresh_token)
    assert again.refresh_token == second.refresh_token
    assert again.access_token != second.access_token  # a fresh access token of the same session
    assert _sid(world, again) == _sid(world, second) == _sid(world, first)
    assert again.refresh_expires_in == world.tokens.refresh_ttl_seconds - (GRACE - 1)
    await world.profile()(again.user.id, _sid(world, again))  # the session lives on
    third = await world.refresh()(again.refresh_token)  # and the successor rotates as usual
    assert third.refresh_token not in (first.refresh_token, second.refresh_token)


async def test_reuse_after_the_window_revokes_the_family(world):
    first = await _login(world)
    second = await world.refresh()(first.refresh_token)
    world.clock.advance(GRACE + 1)
    with pytest.raises(InvalidToken):
        await world.refresh()(first.refresh_token)
    with pytest.raises(InvalidToken):
        await world.refresh()(second.refresh_token)
    with pytest.raises(InvalidToken):
        await world.profile()(second.user.id, _sid(world, second))


async def test_the_window_does_not_revive_a_successor_that_was_used_or_revoked(world):
    first = await _login(world)
    second = await world.refresh()(first.refresh_token)
    await world.refresh()(second.refresh_token)  # the successor itself was rotated: a copy is out there
    with pytest.raises(InvalidToken):
        await world.refresh()(first.refresh_token)
    other = await world.login()("baker@example.com", "correct horse")
    rotated = await world.refresh()(other.refresh_token)
    await world.logout()(rotated.refresh_token)
    with pytest.raises(InvalidToken):
        await world.refresh()(other.refresh_token)  # within the window, yet the login has ended


async def test_concurrent_refreshes_with_one_cookie_all_get_the_same_session(world):
    first = await _login(world)
    sessions = await asyncio.gather(*(world.refresh()(first.refresh_token) for _ in range(5)))
    assert len({s.refresh_token for s in sessions}) == 1
    assert sessions[0].refresh_token != first.refresh_token
    for s in sessions:
        await world.profile()(s.user.id, _sid(world, s))


async def test_a_revoked_or_ended_session_no_longer_authorises(world):
    session = await _login(world)
    user_id, sid = session.user.id, _sid(world, session)
    other = await world.login()("baker@example.com", "correct horse")
    await world.profile()(user_id, sid)
    await world.logout()(session.refresh_token)
    with pytest.raises(InvalidToken):
        await world.profile()(user_id, sid)
    await world.profile()(user_id, _sid(world, other))  # another login of the account is untouched
    world.clock.advance(world.tokens.refresh_ttl_seconds + 1)
    with pytest.raises(InvalidToken):
        await world.profile()(user_id, _sid(world, other))  # expired with its refresh token


async def test_ending_all_sessions_of_the_account_stops_access(world):
    await world.ensure_admin()("root@example.com", "admin-password")
    admin = await world.login()("root@example.com", "admin-password")
    await world.ensure_admin()("root@example.com", "new-admin-password")  # revoke_user
    with pytest.raises(InvalidToken):
        await world.profile()(admin.user.id, _sid(world, admin))
