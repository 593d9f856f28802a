"""`tortodelova create-admin` against PostgreSQL: a registered account becomes admin only with --promote."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import pytest

from tests.support.backends import make_world
from tortodelova.domain.errors import InvalidToken
from tortodelova.domain.users import Role

ADMIN_PASSWORD = "Sugar-and-Sp1ce-42"


async def create_admin(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ADMIN_", "JWT_", "S3_", "DATABASE_"))}
    env |= {"DATABASE_URL": url, "PYTHONPATH": os.pathsep.join(sys.path)}
    command = [sys.executable, "-m", "tortodelova.entrypoints.cli.main", "create-admin", *args]
    return await asyncio.to_thread(
        subprocess.run, command, env=env, capture_output=True, text=True, timeout=120
    )


async def test_a_self_registered_account_is_promoted_only_when_asked(database, migrated_url):
    async with make_world("postgres", database) as world:
        user_id = await world.new_user("boss@example.com")
        squatter = await world.login()("boss@example.com", "correct horse")

        refused = await create_admin(
            migrated_url, "--email", "boss@example.com", "--password", ADMIN_PASSWORD
        )
        assert refused.returncode == 2, refused.stderr
        assert "--promote" in refused.stderr and "уже зарегистрирован" in refused.stderr
        async with world.new_uow() as uow:
            assert (await uow.users.get(user_id)).role is Role.USER

        promoted = await create_admin(
            migrated_url, "--email", "boss@example.com", "--password", ADMIN_PASSWORD, "--promote"
        )
        assert promoted.returncode == 0, promoted.stderr
        async with world.new_uow() as uow:
            admin = await uow.users.get(user_id)
        assert admin.role is Role.ADMIN
        assert admin.hashed_password.startswith("$argon2id$")  # the password is the operator's now
        with pytest.raises(InvalidToken):  # and whoever registered first keeps no session
            await world.refresh()(squatter.refresh_token)


async def test_a_placeholder_admin_password_is_refused(database, migrated_url):
    async with make_world("postgres", database):
        result = await create_admin(
            migrated_url, "--email", "root@example.com", "--password", "change-me-admin-password"
        )
    assert result.returncode == 2
    assert "ADMIN_PASSWORD" in result.stderr and "placeholder" in result.stderr
