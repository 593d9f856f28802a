"""Registration, login, token refresh and logout; every way a token can be wrong is a 401."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import UUID

import jwt

from tests.http.harness import PASSWORD, SECRET, SETTINGS, WELCOME_BONUS, Harness, assert_problem, harness
from tests.support.clock import FakeClock
from tortodelova.adapters.security.tokens import JwtTokenService
from tortodelova.domain.users import Email, Role, User

REFRESH_URL = "/api/auth/refresh"


def _present(api: Harness, secret: str) -> None:
    """The browser holds exactly this refresh cookie from now on."""
    api.client.cookies.clear()
    api.client.cookies.set("tortodelova_refresh", secret)


def _set_cookie(response) -> str:  # noqa: ANN001
    cookies = [v for k, v in response.headers.multi_items() if k.lower() == "set-cookie"]
    assert len(cookies) == 1, cookies
    return cookies[0]


async def test_register_returns_the_user_with_the_welcome_bonus(api: Harness):
    response = await api.register("Baker@Example.com")
    assert response.status_code == 201, response.text
    user = response.json()["user"]
    assert set(user) == {
        "id",
        "email",
        "role",
        "balance_credits",
        "reserved_credits",
        "available_credits",
        "is_active",
        "created_at",
    }
    assert user["email"] == "baker@example.com" and user["role"] == "user" and user["is_active"] is True
    assert (user["balance_credits"], user["reserved_credits"], user["available_credits"]) == (
        WELCOME_BONUS,
        0,
        WELCOME_BONUS,
    )
    assert datetime.fromisoformat(user["created_at"]).utcoffset() == timedelta(0)

    headers = api.bearer((await api.login("baker@example.com")).json()["access_token"])
    txs = (await api.client.get("/api/transactions", headers=headers)).json()
    assert (
        txs["total"] == 1
        and txs["items"][0]["kind"] == "bonus"
        and txs["items"][0]["amount"] == WELCOME_BONUS
    )


async def test_register_rejects_a_taken_email_and_bad_fields(api: Harness):
    assert (await api.register("baker@example.com")).status_code == 201
    assert_problem(await api.register("BAKER@example.com"), 409)
    body = assert_problem(await api.register("not-an-email"), 422)
    assert [e["field"] for e in body["errors"]] == ["email"]
    body = assert_problem(await api.register("short@example.com", "1234567"), 422)
    assert body["errors"][0]["field"] == "password" and re.search("[а-я]", body["errors"][0]["message"])
    body = assert_problem(await api.client.post("/api/auth/register", json={"email": "x@example.com"}), 422)
    assert body["errors"] == [{"field": "password", "message": "обязательное поле"}]
    users = (await api.db()).tables.users
    assert len(users) == 1


async def test_login_sets_a_strict_httponly_refresh_cookie(api: Harness):
    await api.register("baker@example.com")
    response = await api.login("baker@example.com")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == SETTINGS.access_token_ttl_seconds
    assert body["user"]["email"] == "baker@example.com"
    cookie = _set_cookie(response)
    attributes = {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")}
    assert cookie.startswith("tortodelova_refresh=")
    assert "httponly" in attributes
    assert attributes["samesite"].lower() == "samesite=strict"
    assert attributes["path"] == "Path=/api/auth"
    assert attributes["max-age"] == f"Max-Age={SETTINGS.refresh_token_ttl_days * 86400}"
    assert "secure" not in attributes  # plain http in this test

    me = await api.client.get("/api/me", headers=api.bearer(body["access_token"]))
    assert me.status_code == 200 and me.json()["user"]["id"] == body["user"]["id"]


def _is_secure(response) -> bool:  # noqa: ANN001
    return "secure" in [p.strip().lower() for p in _set_cookie(response).split(";")]


async def test_cookie_is_secure_and_hsts_sent_when_the_original_request_was_https():
    async with harness(replace(SETTINGS, trusted_proxies="10.0.0.0/8")) as api:
        await api.register("baker@example.com")
        body = {"email": "baker@example.com", "password": PASSWORD}
        https = {"X-Forwarded-Proto": "https"}
        async with api.client_from("10.0.0.2") as via_proxy:  # our nginx, told by a TLS proxy
            response = await via_proxy.post("/api/auth/login", json=body, headers=https)
            assert _is_secure(response)
            assert response.headers["strict-transport-security"].startswith("max-age=")
            plain = await via_proxy.post("/api/auth/login", json=body)
            assert not _is_secure(plain) and "strict-transport-security" not in plain.headers
        async with api.client_from("203.0.113.5", scheme="https") as direct_tls:
            response = await direct_tls.post("/api/auth/login", json=body)
            assert _is_secure(response) and "strict-transport-security" in response.headers
        # Anyone else writing the header changes nothing: it is a plain http request.
        async with api.client_from("203.0.113.5") as stranger:
            response = await stranger.post("/api/auth/login", json=body, headers=https)
            assert not _is_secure(response) and "strict-transport-security" not in response.headers


async def test_wrong_password_and_unknown_email_are_the_same_401(api: Harness):
    await api.register("baker@example.com")
    wrong = assert_problem(await api.login("baker@example.com", "wrong password"), 401)
    unknown = assert_problem(await api.login("nobody@example.com"), 401)
    assert wrong["detail"] == unknown["detail"]
    assert (
        (await api.login("baker@example.com", "wrong password"))
        .headers["www-authenticate"]
        .startswith("Bearer")
    )


async def test_refresh_rotates_and_a_reused_token_ends_the_login():
    # No grace window: the replay below counts as reuse at once (the window is tested next).
    async with harness(replace(SETTINGS, refresh_reuse_grace_seconds=0)) as api:
        await api.register("baker@example.com")
        first = await api.login("baker@example.com")
        original = first.cookies["tortodelova_refresh"]

        rotated = await api.client.post(REFRESH_URL)
        assert rotated.status_code == 200, rotated.text
        assert set(rotated.json()) == {"access_token", "token_type", "expires_in"}
        new_secret = rotated.cookies["tortodelova_refresh"]
        assert new_secret != original
        assert (
            await api.client.get("/api/me", headers=api.bearer(rotated.json()["access_token"]))
        ).status_code == 200

        # Someone replays the old cookie: 401, and the whole family (the new cookie too) is revoked.
        _present(api, original)
        replay = await api.client.post(REFRESH_URL)
        assert_problem(replay, 401)
        _present(api, new_secret)
        assert_problem(await api.client.post(REFRESH_URL), 401)


async def test_tabs_refreshing_with_one_cookie_share_the_successor_and_logout_ends_access(api: Harness):
    await api.register("baker@example.com")
    original = (await api.login("baker@example.com")).cookies["tortodelova_refresh"]
    answers = []
    for _ in range(3):  # three tabs, each still holding the original cookie
        _present(api, original)
        answers.append(await api.client.post(REFRESH_URL))
    assert [a.status_code for a in answers] == [200, 200, 200], answers[-1].text
    successors = {a.cookies["tortodelova_refresh"] for a in answers}
    assert len(successors) == 1 and original not in successors
    tokens = [a.json()["access_token"] for a in answers]
    for token in tokens:
        assert (await api.client.get("/api/me", headers=api.bearer(token))).status_code == 200

    # Logout ends the family: every access token of this login is refused at once, not in 15 minutes.
    _present(api, successors.pop())
    assert (await api.client.post("/api/auth/logout")).status_code in (200, 204)
    for token in tokens:
        problem = assert_problem(await api.client.get("/api/me", headers=api.bearer(token)), 401)
        assert problem["detail"] == "Сессия завершена, войдите снова"


async def test_refresh_without_a_cookie_is_401(api: Harness):
    assert_problem(await api.client.post(REFRESH_URL), 401)
    _present(api, "forged")
    assert_problem(await api.client.post(REFRESH_URL), 401)


async def test_logout_revokes_and_clears_the_cookie(api: Harness):
    await api.register("baker@example.com")
    secret = (await api.login("baker@example.com")).cookies["tortodelova_refresh"]
    response = await api.client.post("/api/auth/logout")
    assert response.status_code == 204 and response.content == b""
    cleared = _set_cookie(response)
    assert cleared.startswith('tortodelova_refresh=""') or cleared.startswith("tortodelova_refresh=;")
    assert "Max-Age=0" in cleared and "Path=/api/auth" in cleared
    _present(api, secret)
    assert_problem(await api.client.post(REFRESH_URL), 401)
    # Logging out again (or with no cookie at all) is still fine.
    assert (await api.client.post("/api/auth/logout")).status_code == 204


def _claims(user_id: str, **overrides: object) -> dict[str, object]:
    now = int(datetime.now(UTC).timestamp())
    claims: dict[str, object] = {
        "sub": user_id,
        "role": "admin",
        "iss": SETTINGS.jwt_issuer,
        "aud": SETTINGS.jwt_audience,
        "iat": now,
        "exp": now + 600,
    }
    claims.update(overrides)
    return claims


async def test_forged_and_stale_tokens_are_rejected(api: Harness):
    await api.register("baker@example.com")
    good = (await api.login("baker@example.com")).json()
    user_id = good["user"]["id"]
    header, payload, signature = good["access_token"].split(".")
    tampered_signature = signature[:-4] + ("AAAA" if signature[-4:] != "AAAA" else "BBBB")

    def unsigned(claims: dict[str, object]) -> str:
        return jwt.encode(claims, key=None, algorithm="none")  # type: ignore[arg-type]

    user = User(
        UUID(user_id), Email("baker@example.com"), "", Role.USER, datetime.now(UTC), datetime.now(UTC)
    )
    past = FakeClock(datetime.now(UTC) - timedelta(hours=2))
    expired = JwtTokenService(
        SECRET, past, issuer=SETTINGS.jwt_issuer, audience=SETTINGS.jwt_audience
    ).issue_access(user, UUID(int=1))

    attacks = {
        "alg none": unsigned(_claims(user_id)),
        "tampered signature": f"{header}.{payload}.{tampered_signature}",
        "tampered payload": f"{header}.{jwt.utils.base64url_encode(b'{}').decode()}.{signature}",
        "other secret": jwt.encode(_claims(user_id), "x" * 40, algorithm="HS256"),
        "expired": expired,
        "wrong audience": jwt.encode(_claims(user_id, aud="someone-else"), SECRET, algorithm="HS256"),
        "wrong issuer": jwt.encode(_claims(user_id, iss="evil"), SECRET, algorithm="HS256"),
        "unknown user": jwt.encode(
            _claims("00000000-0000-4000-8000-000000000000"), SECRET, algorithm="HS256"
        ),
        "garbage": "not.a.jwt",
    }
    for name, token in attacks.items():
        response = await api.client.get("/api/me", headers=api.bearer(token))
        assert response.status_code == 401, f"{name}: {response.status_code}"
        assert_problem(response, 401)
        assert response.headers["www-authenticate"].startswith("Bearer"), name

    for headers in ({}, {"Authorization": "Basic YTpi"}, {"Authorization": "Bearer "}):
        assert_problem(await api.client.get("/api/me", headers=headers), 401)


async def test_a_blocked_user_gets_403_even_with_a_valid_token(api: Harness):
    headers = await api.user("baker@example.com")
    await api.set_active((await api.me(headers))["id"], False)
    body = assert_problem(await api.client.get("/api/me", headers=headers), 403)
    assert "заблок" in body["detail"].lower()
    assert_problem(await api.login("baker@example.com"), 403)


async def test_registration_is_rate_limited_per_client_address():
    settings = replace(SETTINGS, auth_rate_limit_per_minute=2, trusted_proxies="10.0.0.0/8")
    async with harness(settings) as api:
        assert (await api.register("one@example.com")).status_code == 201
        assert (await api.register("two@example.com")).status_code == 201
        limited = assert_problem(await api.register("three@example.com"), 429)
        assert 1 <= int((await api.register("three@example.com")).headers["retry-after"]) <= 60
        assert re.search("[а-я]", limited["detail"])
        assert len((await api.db()).tables.users) == 2

        # Forwarded addresses count only when a trusted proxy sends them.
        spoofed = {"X-Forwarded-For": "203.0.113.9"}
        body = {"email": "four@example.com", "password": PASSWORD}
        assert_problem(await api.client.post("/api/auth/register", json=body, headers=spoofed), 429)
        async with api.client_from("10.0.0.2") as via_proxy:
            # The right-most address the trusted proxies did not write is the client.
            forwarded = {"X-Forwarded-For": "198.51.100.1, 203.0.113.9, 10.0.0.7"}
            assert (
                await via_proxy.post("/api/auth/register", json=body, headers=forwarded)
            ).status_code == 201
            body = {"email": "five@example.com", "password": PASSWORD}
            forwarded = {"X-Forwarded-For": "198.51.100.1, 203.0.113.9"}  # the same client again
            assert (
                await via_proxy.post("/api/auth/register", json=body, headers=forwarded)
            ).status_code == 201
            body = {"email": "six@example.com", "password": PASSWORD}
            assert_problem(await via_proxy.post("/api/auth/register", json=body, headers=forwarded), 429)


async def test_passwords_are_hashed_with_argon2id_and_upgraded_on_login():
    from tortodelova.adapters.security.passwords import Argon2Hasher

    async with harness(fast_hashing=False) as api:
        created = (await api.register("baker@example.com")).json()["user"]
        db = await api.db()
        stored = db.tables.users[UUID(created["id"])].hashed_password
        match = re.match(r"^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$", stored)
        assert match, stored
        memory, time_cost = int(match[1]), int(match[2])
        assert memory >= 19456 and time_cost >= 2

        # A hash made with weaker (older) parameters is replaced by a current one at the next login.
        weak = Argon2Hasher(memory_kib=8192, time_cost=1).hash(PASSWORD)
        uid = UUID(created["id"])
        user = db.tables.users[uid]
        user.hashed_password = weak
        assert (await api.login("baker@example.com")).status_code == 200
        upgraded = db.tables.users[uid].hashed_password
        assert upgraded != weak and upgraded.startswith(f"$argon2id$v=19$m={memory},t={time_cost},")
