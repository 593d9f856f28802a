"""Regressions found against `make dev`: inputs PostgreSQL refuses (NUL), numbers past BIGINT, dates a
zone pushes out of range. On the real stack each is a 422 problem detail in Russian, and nothing
changes: no user, generation or ledger row, no credits moved."""

from __future__ import annotations

import re
from urllib.parse import quote

import httpx
import pytest

from tests.e2e.client import ApiUser, login, register_and_login
from tests.support.stack import RunningStack

pytestmark = pytest.mark.xdist_group("stack")

PROMPT = "Торт с клубникой и сливками"


@pytest.fixture(scope="module")
def admin(live_stack: RunningStack) -> ApiUser:
    return login(
        httpx.Client(base_url=live_stack.base_url, timeout=30),
        live_stack.admin_email,
        live_stack.admin_password,
    )


@pytest.fixture(scope="module")
def baker(live_stack: RunningStack) -> ApiUser:
    return register_and_login(live_stack.base_url)


def assert_problem(response: httpx.Response, field: str, status: int = 422) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and re.search("[а-яА-Я]", body["detail"]), body
    assert field in [e["field"] for e in body.get("errors", [])], body
    return body


def _snapshot(admin: ApiUser, user: ApiUser) -> dict:
    """Everything a rejected request could have changed."""

    def total(path: str) -> int:
        r = admin.get(path, params={"limit": 1})
        assert r.status_code == 200, r.text
        return r.json()["total"]

    return {
        "users": total("/api/admin/users"),
        "generations": total("/api/admin/generations"),
        "ledger": total("/api/admin/transactions"),
        "balance": user.balance(),
    }


@pytest.mark.parametrize(
    "email",
    ["a\u0000x@example.com", "a\u200bx@example.com", "a\u202ex@example.com", "a\u0007x@example.com"],
    ids=["nul", "zero-width-space", "bidi-override", "bell"],
)
def test_register_refuses_control_and_invisible_characters(live_stack, admin, baker, email):
    before = _snapshot(admin, baker)
    client = httpx.Client(base_url=live_stack.base_url, timeout=30)
    assert_problem(
        client.post("/api/auth/register", json={"email": email, "password": "correct horse"}), "email"
    )
    assert (
        client.post("/api/auth/login", json={"email": email, "password": "correct horse"}).status_code == 401
    )
    assert _snapshot(admin, baker) == before


@pytest.mark.parametrize("path", ["/api/generations", "/api/generations/quote"])
@pytest.mark.parametrize(
    "body, field",
    [
        ({"prompt_ru": "Торт\u0000с розами", "style": "classic"}, "prompt_ru"),
        (
            {"prompt_ru": PROMPT, "style": "classic", "negative_prompt_ru": "без\u0000орехов"},
            "negative_prompt_ru",
        ),
        ({"prompt_ru": "Торт\u001bс розами", "style": "classic"}, "prompt_ru"),
    ],
    ids=["nul-prompt", "nul-negative", "escape-prompt"],
)
def test_generation_text_refuses_control_characters(admin, baker, path, body, field):
    before = _snapshot(admin, baker)
    assert_problem(baker.post(path, json=body, headers={"Idempotency-Key": f"bad-{field}-{path}"}), field)
    assert _snapshot(admin, baker) == before


def test_multi_line_prompts_are_still_accepted(baker):
    r = baker.post(
        "/api/generations/quote", json={"prompt_ru": "Два яруса,\n\tягоды сверху", "style": "classic"}
    )
    assert r.status_code == 200, r.text


@pytest.mark.parametrize(
    "description", ["Возврат\u0000", "\u0085", "   "], ids=["nul", "c1-control", "blank"]
)
def test_admin_adjustment_refuses_control_characters_and_blank_comments(admin, baker, description):
    me = baker.get("/api/me").json()["user"]
    before = _snapshot(admin, baker)
    r = admin.post(f"/api/admin/users/{me['id']}/adjustments", json={"amount": 5, "description": description})
    assert_problem(r, "description")
    assert _snapshot(admin, baker) == before


def test_admin_adjustment_keeps_a_multi_line_comment_nfc_normalised(admin, baker):
    me = baker.get("/api/me").json()["user"]
    r = admin.post(
        f"/api/admin/users/{me['id']}/adjustments",
        json={"amount": 1, "description": "Возврат:\nзаказ Cafe\u0301"},
    )
    assert r.status_code == 201, r.text
    assert r.json()["transaction"]["description"] == "Возврат:\nзаказ Caf\u00e9"


USER_LISTS = ["/api/generations", "/api/transactions"]
ADMIN_LISTS = ["/api/admin/users", "/api/admin/generations", "/api/admin/transactions"]
DATED = ["/api/generations", "/api/transactions", "/api/admin/transactions"]


def _caller(path: str, admin: ApiUser, baker: ApiUser) -> ApiUser:
    return admin if path.startswith("/api/admin") else baker


@pytest.mark.parametrize("path", USER_LISTS + ADMIN_LISTS)
@pytest.mark.parametrize("query", ["offset=9223372036854775808", "offset=-1", "limit=9223372036854775808"])
def test_paging_beyond_bounds_is_a_422(admin, baker, path, query):
    assert_problem(_caller(path, admin, baker).get(f"{path}?{query}"), query.split("=")[0])


@pytest.mark.parametrize(
    "query",
    ["credits_min=-99999999999999999999", "credits_max=9223372036854775808", "credits_min=-1"],
)
def test_credit_filters_beyond_the_column_are_a_422(baker, query):
    assert_problem(baker.get(f"/api/generations?{query}"), query.split("=")[0])


@pytest.mark.parametrize("path", DATED)
@pytest.mark.parametrize(
    "value",
    ["0001-01-01T00:00:00+01:00", "1969-12-31T23:59:59Z", "2026-01-31T10:00:00", "10000-01-01T00:00:00Z"],
)
def test_dates_out_of_range_or_without_zone_are_a_422(admin, baker, path, value):
    caller = _caller(path, admin, baker)
    for field in ("date_from", "date_to"):
        assert_problem(caller.get(f"{path}?{field}={quote(value)}"), field)


@pytest.mark.parametrize("path", DATED)
def test_the_extreme_dates_the_schema_allows_are_accepted(admin, baker, path):
    earliest, latest = quote("1970-01-01T00:00:00+14:00"), quote("9999-12-31T23:59:59-12:00")
    r = _caller(path, admin, baker).get(f"{path}?date_from={earliest}&date_to={latest}")
    assert r.status_code == 200, r.text


@pytest.mark.parametrize("path", DATED)
def test_date_from_after_date_to_is_a_422(admin, baker, path):
    r = _caller(path, admin, baker).get(f"{path}?date_from=2026-02-01T00:00:00Z&date_to=2026-01-01T00:00:00Z")
    assert_problem(r, "date_from")


@pytest.mark.parametrize(
    "path, name", [("/api/generations", "style"), ("/api/admin/users", "query")], ids=["style", "user-search"]
)
def test_text_filters_refuse_nul(admin, baker, path, name):
    assert_problem(_caller(path, admin, baker).get(f"{path}?{name}=a%00b"), name)
