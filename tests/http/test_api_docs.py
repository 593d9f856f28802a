"""docs/API.md and the served OpenAPI schema name the same operations.

Every `### METHOD /path` heading of the doc is an operation of the schema and every operation of the
schema has its heading, so neither can gain or lose an endpoint without the other.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from litestar.routes import HTTPRoute

from tests.http.harness import Harness

API_DOC = Path(__file__).resolve().parents[2] / "docs" / "API.md"
HEADING = re.compile(r"^### (GET|POST|PUT|PATCH|DELETE) (/\S*)$", re.MULTILINE)

# Documented in API.md but deliberately not operations of the schema, with the reason.
OUTSIDE_SCHEMA = {
    ("GET", "/api/schema/openapi.json"): "the schema document itself",
    ("GET", "/api/schema"): "Swagger UI, the page that renders the schema",
}
# Served routes that neither the schema nor a heading of API.md names (its prose mentions them). The
# SPA's history fallback is no route at all: the 404 handler serves frontend/dist.
SERVED_ONLY = {
    "/api/schema/swagger": "Swagger UI's second address",
    "/api/schema/assets/{file_path:path}": "Swagger UI's JavaScript and CSS, from swagger-ui-bundle",
    "/api/schema/oauth2-redirect.html": "Swagger UI's OAuth2 helper page (unused: bearer tokens only)",
    "/api/schema/{path}": "Litestar's dispatcher for further schema renderings (none enabled)",
    "/s/{token}": "a share link's HTML page with messenger preview tags, for people, not API clients",
    "/pay/sandbox/{payment_id}": "the sandbox's test checkout page, for people (PAYMENT_PROVIDER=sandbox)",
    "/pay/sandbox/{payment_id}/{decision}": "the test checkout's «Оплатить» / «Отказаться» forms",
}


def documented_operations() -> list[tuple[str, str]]:
    return HEADING.findall(API_DOC.read_text(encoding="utf-8"))


async def schema_operations(api: Harness) -> set[tuple[str, str]]:
    response = await api.client.get("/api/schema/openapi.json")
    assert response.status_code == 200, response.text
    return {(method.upper(), path) for path, ops in response.json()["paths"].items() for method in ops}


def test_every_heading_names_one_operation_once() -> None:
    headings = documented_operations()
    assert len(headings) > len(OUTSIDE_SCHEMA), "no `### METHOD /path` headings found in docs/API.md"
    repeated = [op for op, n in Counter(headings).items() if n > 1]
    assert not repeated, f"documented twice: {repeated}"


async def test_api_doc_and_openapi_schema_list_the_same_operations(api: Harness) -> None:
    in_schema = await schema_operations(api)
    in_doc = set(documented_operations()) - set(OUTSIDE_SCHEMA)
    assert sorted(in_schema - in_doc) == [], "in the OpenAPI schema but not in docs/API.md"
    assert sorted(in_doc - in_schema) == [], "in docs/API.md but not in the OpenAPI schema"


async def test_operations_outside_the_schema_are_documented_and_served(api: Harness) -> None:
    in_schema = await schema_operations(api)
    documented = set(documented_operations())
    routes = {(m, r.path) for r in api.app.routes if isinstance(r, HTTPRoute) for m in r.methods}
    for operation, reason in OUTSIDE_SCHEMA.items():
        assert operation in documented, f"{operation} ({reason}) has no heading in docs/API.md"
        assert operation not in in_schema, f"{operation} is in the schema now: drop it from OUTSIDE_SCHEMA"
        assert operation in routes, f"{operation} ({reason}) is not served"
        method, path = operation
        response = await api.client.request(method, path)
        assert response.status_code == 200, (operation, response.status_code)


async def test_every_served_route_is_in_the_schema_or_named_here(api: Harness) -> None:
    known = {path for _, path in await schema_operations(api) | set(OUTSIDE_SCHEMA)}
    served = {
        re.sub(r"\{(\w+):(uuid|str)\}", r"{\1}", route.path)
        for route in api.app.routes
        if isinstance(route, HTTPRoute)
    }
    assert sorted(served - known - set(SERVED_ONLY)) == [], "served, but neither documented nor named here"
    assert sorted(set(SERVED_ONLY) - served) == [], "named in SERVED_ONLY but no longer served"
