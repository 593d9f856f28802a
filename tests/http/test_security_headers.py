"""The API's pages carry a strict Content-Security-Policy and Referrer-Policy (issue 20): the SPA at `/`
and at a deep route, a share link's page (found or not); only Swagger UI, which runs an inline
script, goes without."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import httpx

from tests.http.harness import SETTINGS, harness
from tests.http.test_shares import designed, share
from tortodelova.entrypoints.http.security_headers import REFERRER_POLICY, content_security_policy

IMAGES = "https://images.example:9000"


def directives(policy: str) -> dict[str, list[str]]:
    parsed = [d.split() for d in policy.split(";")]
    return {words[0]: words[1:] for words in parsed if words}


def assert_strict(response: httpx.Response) -> None:
    [policy] = response.headers.get_list("content-security-policy")
    assert policy == content_security_policy(IMAGES), response.url
    d = directives(policy)
    assert d["script-src"] == ["'self'"] and d["default-src"] == ["'self'"]  # no inline script, no eval
    assert d["style-src"][0] == "'self'" and all(s.startswith("'sha256-") for s in d["style-src"][1:])
    assert d["img-src"] == ["'self'", "data:", IMAGES]
    assert (d["frame-ancestors"], d["base-uri"], d["form-action"]) == (["'none'"], ["'none'"], ["'self'"])
    assert response.headers.get_list("referrer-policy") == [REFERRER_POLICY] == ["same-origin"]


async def test_the_spa_and_the_share_page_send_the_policy(tmp_path: Path):
    (tmp_path / "index.html").write_text("<!doctype html><title>Тортоделова</title>", encoding="utf-8")
    settings = replace(SETTINGS, frontend_dist=str(tmp_path), s3_public_endpoint=f"{IMAGES}/some/path")
    async with harness(settings) as api:
        headers, gid = await designed(api)
        token = (await share(api, headers, gid))["token"]
        for path in ("/", "/designs/0b7e/redraw", f"/s/{token}", "/s/no-such-link", "/api/health"):
            response = await api.client.get(path)
            assert response.status_code in (200, 404), path
            assert_strict(response)

        # Swagger UI starts with an inline script: its page goes without the policy
        docs = await api.client.get("/api/schema/swagger")
        assert docs.status_code == 200 and "ui.initOAuth" in docs.text
        assert "content-security-policy" not in docs.headers
