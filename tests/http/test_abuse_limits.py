"""Failed logins per account and per address, refresh and body-size limits, over-long passwords.
The limits run on both counters: the memory one of the fast tests and PostgreSQL's, which the API uses."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from dishka import Provider, Scope, provide

from tests.http.harness import PASSWORD, SETTINGS, assert_problem, harness
from tests.support.hashing import PlainHasher
from tortodelova.application.ports.security import PasswordHasher

WRONG = "wrong password"


@pytest.fixture(params=["memory", "postgres"])
def database_url(request: pytest.FixtureRequest) -> str | None:
    """None: the memory container; else the PostgreSQL the app then counts its limits in."""
    return None if request.param == "memory" else request.getfixturevalue("migrated_url")


async def test_a_brute_force_on_one_account_does_not_lock_out_others_behind_the_same_address(database_url):
    async with harness(
        replace(SETTINGS, login_failures_per_account=3, login_failures_per_address=100),
        database_url=database_url,
    ) as api:
        await api.register("baker@example.com")
        await api.register("cook@example.com")
        for _ in range(3):
            assert_problem(await api.login("baker@example.com", WRONG), 401)
        # The account is locked, even for the right password: the guesser learns nothing more.
        limited = assert_problem(await api.login("baker@example.com"), 429)
        assert re.search("[а-я]", limited["detail"])
        assert 1 <= int((await api.login(" Baker@Example.com ")).headers["retry-after"]) <= 900
        # A colleague behind the same address logs in.
        assert (await api.login("cook@example.com")).status_code == 200


async def test_a_successful_login_clears_the_accounts_earlier_failures(database_url):
    async with harness(replace(SETTINGS, login_failures_per_account=3), database_url=database_url) as api:
        await api.register("baker@example.com")
        for _ in range(2):
            assert_problem(await api.login("baker@example.com", WRONG), 401)
        assert (await api.login("baker@example.com")).status_code == 200
        for _ in range(2):
            assert_problem(await api.login("baker@example.com", WRONG), 401)
        assert (await api.login("baker@example.com")).status_code == 200


async def test_failures_from_one_address_over_many_accounts_are_limited_per_address(database_url):
    async with harness(
        replace(SETTINGS, login_failures_per_account=100, login_failures_per_address=3),
        database_url=database_url,
    ) as api:
        await api.register("baker@example.com")
        for name in ("a", "b", "c"):
            assert_problem(await api.login(f"{name}@example.com", WRONG), 401)
        assert_problem(await api.login("baker@example.com"), 429)
        async with api.client_from("198.51.100.20") as elsewhere:
            body = {"email": "baker@example.com", "password": PASSWORD}
            assert (await elsewhere.post("/api/auth/login", json=body)).status_code == 200


async def test_ipv6_clients_are_counted_per_64(database_url):
    async with harness(
        replace(SETTINGS, login_failures_per_account=100, login_failures_per_address=2),
        database_url=database_url,
    ) as api:
        await api.register("baker@example.com")

        async def login_from(host: str, password: str) -> int:
            async with api.client_from(host) as client:
                body = {"email": "baker@example.com", "password": password}
                return (await client.post("/api/auth/login", json=body)).status_code

        assert await login_from("2001:db8:0:1::1", WRONG) == 401
        assert await login_from("2001:db8:0:1::2", WRONG) == 401
        assert await login_from("2001:db8:0:1:ffff:ffff:ffff:ffff", PASSWORD) == 429  # same /64
        assert await login_from("2001:db8:0:2::1", PASSWORD) == 200  # the next /64


async def test_refresh_is_rate_limited_per_address(database_url):
    async with harness(replace(SETTINGS, refresh_rate_limit_per_minute=2), database_url=database_url) as api:
        for _ in range(2):
            assert_problem(await api.client.post("/api/auth/refresh"), 401)
        limited = await api.client.post("/api/auth/refresh")
        assert_problem(limited, 429)
        assert int(limited.headers["retry-after"]) >= 1


class CountingHasher(PlainHasher):
    def __init__(self) -> None:
        super().__init__()
        self.longest = 0

    def hash(self, password: str) -> str:
        self.longest = max(self.longest, len(password))
        return super().hash(password)

    def verify(self, hashed: str, password: str) -> bool:
        self.longest = max(self.longest, len(password))
        return super().verify(hashed, password)


class CountingHashing(Provider):
    scope = Scope.APP

    def __init__(self, hasher: CountingHasher) -> None:
        super().__init__()
        self.counting = hasher

    @provide
    def hasher(self) -> PasswordHasher:
        return self.counting


async def test_over_long_passwords_fail_login_without_hashing_and_are_refused_at_registration():
    hasher = CountingHasher()
    async with harness(SETTINGS, CountingHashing(hasher), fast_hashing=False) as api:
        await api.register("baker@example.com")
        for email in ("baker@example.com", "nobody@example.com"):
            assert_problem(await api.login(email, "x" * 50_000), 401)
        assert hasher.longest == len(PASSWORD)  # only the registration's password was ever hashed

        refused = assert_problem(await api.register("cook@example.com", "y" * 129), 422)
        assert refused["errors"][0]["field"] == "password"
        assert re.search("[а-я]", refused["errors"][0]["message"])
        assert hasher.longest == len(PASSWORD)


async def test_json_bodies_are_capped_at_64_kib(api):
    big = {"email": "baker@example.com", "password": "z" * (64 * 1024)}
    body = assert_problem(await api.client.post("/api/auth/login", json=big), 413)
    assert "64 КиБ" in body["detail"]

    async def chunks():  # no Content-Length: the cap holds for what is actually read
        yield b'{"email": "baker@example.com", "password": "'
        for _ in range(80):
            yield b"z" * 1024
        yield b'"}'

    streamed = await api.client.post(
        "/api/auth/register", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert_problem(streamed, 413)
    assert len((await api.db()).tables.users) == 0
    # A body under the cap is read as usual.
    assert (await api.register("baker@example.com")).status_code == 201


async def test_a_malformed_trusted_proxies_setting_stops_the_start():
    with pytest.raises(ValueError, match="TRUSTED_PROXIES"):
        async with harness(replace(SETTINGS, trusted_proxies="10.0.0.0/8, nginx")):
            pass
