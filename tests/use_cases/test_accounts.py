from __future__ import annotations

import asyncio

import pytest

from tests.support.invariants import check_money_invariants
from tests.support.world import WELCOME_BONUS
from tortodelova.domain.errors import (
    EmailTaken,
    InactiveUser,
    InvalidCredentials,
    InvalidToken,
    PromotionRefused,
    ValidationFailed,
)
from tortodelova.domain.transactions import TxKind
from tortodelova.domain.users import Role


async def test_register_normalises_email_and_grants_welcome_bonus(world):
    user = await world.register()("  Baker@Example.COM ", "correct horse")
    assert user.email.value == "baker@example.com"
    assert user.role is Role.USER
    assert user.balance_credits == WELCOME_BONUS and user.reserved_credits == 0
    page = await world.list_transactions().for_user(user.id, _flt(), _page())
    assert [(t.kind, t.amount) for t in page.items] == [(TxKind.BONUS, WELCOME_BONUS)]
    await check_money_invariants(world.new_uow())


async def test_register_rejects_taken_email_case_insensitively(world):
    await world.register()("baker@example.com", "correct horse")
    with pytest.raises(EmailTaken):
        await world.register()("BAKER@example.com", "another password")


@pytest.mark.parametrize(
    ("email", "password", "field"),
    [
        ("not-an-email", "correct horse", "email"),
        ("a@b.ru", "short", "password"),
        ("a@b.ru", "x" * 129, "password"),
    ],
)
async def test_register_validates(world, email, password, field):
    with pytest.raises(ValidationFailed) as err:
        await world.register()(email, password)
    assert field in err.value.errors
    users, total = await _users(world)
    assert total == 0


async def test_login_returns_tokens_for_the_user(world):
    user_id = await world.new_user()
    session = await world.login()("BAKER@example.com", "correct horse")
    assert world.tokens.decode_access(session.access_token).user_id == user_id
    assert session.expires_in == 900 and session.refresh_token


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("baker@example.com", "wrong password"),
        ("nobody@example.com", "correct horse"),
        ("garbage", "x"),
    ],
)
async def test_login_wrong_credentials(world, email, password):
    await world.new_user()
    with pytest.raises(InvalidCredentials):
        await world.login()(email, password)


async def test_login_rehashes_outdated_hashes(world):
    user_id = await world.new_user()
    world.hasher.version = "v2"
    await world.login()("baker@example.com", "correct horse")
    async with world.new_uow() as uow:
        assert (await uow.users.get(user_id)).hashed_password.startswith("v2$")


async def test_rehash_on_login_keeps_credits_changed_meanwhile(world):
    """The rehash runs outside the transaction; saving the user read before it would undo this top-up."""
    user_id = await world.new_user()
    loop = asyncio.get_running_loop()
    world.hasher.version = "v2"
    rehash = world.hasher.hash

    def hash_while_topping_up(password: str) -> str:  # runs in the hashing thread
        asyncio.run_coroutine_threadsafe(world.grant(user_id, 40), loop).result(timeout=30)
        return rehash(password)

    world.hasher.hash = hash_while_topping_up  # type: ignore[method-assign]
    await world.login()("baker@example.com", "correct horse")
    async with world.new_uow() as uow:
        user = await uow.users.get(user_id)
    assert user.hashed_password.startswith("v2$")
    assert user.balance_credits == WELCOME_BONUS + 40
    await check_money_invariants(world.new_uow())


async def test_inactive_user_cannot_log_in_or_refresh(world):
    user_id = await world.new_user()
    session = await world.login()("baker@example.com", "correct horse")
    async with world.new_uow() as uow:
        user = await uow.users.get(user_id)
        user.is_active = False
        await uow.users.save(user)
        await uow.commit()
    with pytest.raises(InactiveUser):
        await world.login()("baker@example.com", "correct horse")
    with pytest.raises(InactiveUser):
        await world.refresh()(session.refresh_token)
    with pytest.raises(InactiveUser):
        await world.profile()(user_id)


async def test_refresh_rotates_and_reuse_revokes_the_family(world):
    await world.new_user()
    first = await world.login()("baker@example.com", "correct horse")
    second = await world.refresh()(first.refresh_token)
    assert second.refresh_token != first.refresh_token
    third = await world.refresh()(second.refresh_token)
    # An attacker replays the first (rotated) token: the whole family dies, the legit one too.
    with pytest.raises(InvalidToken):
        await world.refresh()(first.refresh_token)
    with pytest.raises(InvalidToken):
        await world.refresh()(third.refresh_token)


async def test_refresh_expires(world):
    await world.new_user()
    session = await world.login()("baker@example.com", "correct horse")
    world.clock.advance(world.tokens.refresh_ttl_seconds + 1)
    with pytest.raises(InvalidToken):
        await world.refresh()(session.refresh_token)


@pytest.mark.parametrize("token", [None, "", "never-issued"])
async def test_refresh_unknown_token(world, token):
    with pytest.raises(InvalidToken):
        await world.refresh()(token)


async def test_logout_revokes_the_family_and_is_idempotent(world):
    await world.new_user()
    session = await world.login()("baker@example.com", "correct horse")
    rotated = await world.refresh()(session.refresh_token)
    await world.logout()(rotated.refresh_token)
    await world.logout()(rotated.refresh_token)
    await world.logout()(None)
    with pytest.raises(InvalidToken):
        await world.refresh()(rotated.refresh_token)


async def test_access_token_expires_with_the_clock(world):
    await world.new_user()
    session = await world.login()("baker@example.com", "correct horse")
    world.clock.advance(901)
    with pytest.raises(InvalidToken):
        world.tokens.decode_access(session.access_token)


async def test_ensure_admin_creates_then_promotes(world):
    admin, created = await world.ensure_admin()("root@example.com", "admin-password")
    assert created and admin.role is Role.ADMIN
    again, created = await world.ensure_admin()("root@example.com", None)
    assert not created and again.id == admin.id
    user_id = await world.new_user("cook@example.com")
    promoted, created = await world.ensure_admin()("cook@example.com", None, promote=True)
    assert promoted.id == user_id and promoted.role is Role.ADMIN and not created


async def test_ensure_admin_refuses_to_promote_a_registered_account_unless_told(world):
    # Whoever registers the operator's address first must not become admin by it.
    user_id = await world.new_user("root@example.com")
    session = await world.login()("root@example.com", "correct horse")
    with pytest.raises(PromotionRefused):
        await world.ensure_admin()("root@example.com", "admin-password")
    with pytest.raises(PromotionRefused):
        await world.ensure_admin()("root@example.com", None)
    async with world.new_uow() as uow:
        user = await uow.users.get(user_id)
    assert user.role is Role.USER
    await world.login()("root@example.com", "correct horse")  # its password is untouched
    await world.refresh()(session.refresh_token)  # and so are its sessions


async def test_promotion_ends_every_session_of_the_account(world):
    await world.new_user("root@example.com")
    first = await world.login()("root@example.com", "correct horse")
    second = await world.login()("root@example.com", "correct horse")
    await world.ensure_admin()("root@example.com", "admin-password", promote=True)
    for session in (first, second):
        with pytest.raises(InvalidToken):
            await world.refresh()(session.refresh_token)
    with pytest.raises(InvalidCredentials):
        await world.login()("root@example.com", "correct horse")
    admin = await world.login()("root@example.com", "admin-password")
    assert admin.user.role is Role.ADMIN


async def test_admin_password_change_ends_its_sessions_and_a_plain_rerun_does_not(world):
    await world.ensure_admin()("root@example.com", "admin-password")
    session = await world.login()("root@example.com", "admin-password")
    await world.ensure_admin()("root@example.com", None)  # nothing changes: the session lives on
    await world.ensure_admin()("root@example.com", "admin-password")  # the same password: no change
    session = await world.refresh()(session.refresh_token)
    await world.ensure_admin()("root@example.com", "new-admin-password")
    with pytest.raises(InvalidToken):
        await world.refresh()(session.refresh_token)
    await world.login()("root@example.com", "new-admin-password")


async def test_ending_one_accounts_sessions_leaves_others_alone(world):
    await world.new_user("root@example.com")
    await world.new_user("cook@example.com")
    other = await world.login()("cook@example.com", "correct horse")
    await world.ensure_admin()("root@example.com", None, promote=True)
    await world.refresh()(other.refresh_token)


def _flt():
    from tortodelova.application.ports.queries import TransactionFilter

    return TransactionFilter()


def _page(limit: int = 20, offset: int = 0):
    from tortodelova.application.ports.queries import Page

    return Page(limit, offset)


async def _users(world):
    async with world.new_uow() as uow:
        return await uow.users.list(None, _page())
