"""The generation limits the OpenAPI schema states beyond JSON Schema's keywords (`x-by-quality` on
steps and guidance, `x-sizes` on the body; docs/API.md), which the SPA's generated limits are built
from, are the limits the API enforces and the defaults it applies."""

from __future__ import annotations

from typing import Any

from tests.http.harness import Harness, assert_problem

IDEA = {"prompt_ru": "розовый торт с ягодами", "style": "kids"}
QUOTE = "/api/generations/quote"


async def generation_in(api: Harness) -> dict[str, Any]:
    response = await api.client.get("/api/schema/openapi.json")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()["components"]["schemas"]["GenerationIn"]
    return body


async def test_steps_and_guidance_per_quality_are_the_ranges_and_defaults_applied(api: Harness):
    schema = await generation_in(api)
    headers = await api.user("ranges@example.com", top_up=100)
    for name in ("steps", "guidance"):
        by_quality = schema["properties"][name]["x-by-quality"]
        assert set(by_quality) == {"standard", "draft"}
        for quality, limits in by_quality.items():
            assert set(limits) == {"minimum", "maximum", "default"}
            body = {**IDEA, "quality": quality}
            for inside in (limits["minimum"], limits["maximum"]):
                response = await api.client.post(QUOTE, json={**body, name: inside}, headers=headers)
                assert response.status_code == 200, (name, quality, inside, response.text)
            for outside in (limits["minimum"] - 1, limits["maximum"] + 1):
                response = await api.client.post(QUOTE, json={**body, name: outside}, headers=headers)
                problem = assert_problem(response, 422)
                assert [e["field"] for e in problem["errors"]] == [name], (quality, outside, problem)
    for quality in ("standard", "draft"):
        created = await api.client.post(
            "/api/generations", json={**IDEA, "quality": quality}, headers=headers
        )
        assert created.status_code == 202, created.text
        generation = created.json()["generation"]
        for name in ("steps", "guidance"):
            assert generation[name] == schema["properties"][name]["x-by-quality"][quality]["default"]


async def test_the_sizes_are_the_pairs_accepted_and_the_default_the_one_applied(api: Harness):
    sizes = (await generation_in(api))["x-sizes"]
    headers = await api.user("sizes@example.com", top_up=100)
    allowed = {(s["width"], s["height"]) for s in sizes["allowed"]}
    for width, height in {(512, 512), (512, 768), (768, 512), (768, 768), (640, 640), (512, 1024)}:
        response = await api.client.post(
            QUOTE, json={**IDEA, "width": width, "height": height}, headers=headers
        )
        assert response.status_code == (200 if (width, height) in allowed else 422), (width, height)
    created = await api.client.post("/api/generations", json=IDEA, headers=headers)
    assert created.status_code == 202, created.text
    generation = created.json()["generation"]
    assert {"width": generation["width"], "height": generation["height"]} == sizes["default"]
