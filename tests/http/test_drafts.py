"""«Черновик» over HTTP: `quality` on quote and create, the draft ranges (422), the record's quality,
and the refusal (409, Russian problem detail) plus `ml_engine.drafts: false` without the LCM-LoRA."""

from __future__ import annotations

from dataclasses import replace

from tests.http.harness import SETTINGS, Harness, assert_problem, harness

IDEA = {"prompt_ru": "розовый торт с ягодами", "style": "kids"}
DRAFT = {**IDEA, "quality": "draft", "steps": 4, "guidance": 1.0, "seed": 42}


async def test_a_draft_is_quoted_created_and_recorded_with_its_quality(api: Harness):
    headers = await api.user("draft@example.com")
    quote = await api.client.post("/api/generations/quote", json=DRAFT, headers=headers)
    standard = await api.client.post("/api/generations/quote", json=IDEA, headers=headers)
    assert quote.status_code == standard.status_code == 200, quote.text
    assert 0 < quote.json()["credits"] < standard.json()["credits"]  # 4 steps, not 25

    created = await api.client.post("/api/generations", json=DRAFT, headers=headers)
    assert created.status_code == 202, created.text
    generation = created.json()["generation"]
    assert (generation["quality"], generation["steps"], generation["seed"]) == ("draft", 4, 42)
    assert generation["credits_reserved"] == quote.json()["credits"]
    plain = (await api.client.post("/api/generations", json=IDEA, headers=headers)).json()["generation"]
    assert plain["quality"] == "standard"

    await api.run_worker()
    fetched = (await api.client.get(f"/api/generations/{generation['id']}", headers=headers)).json()
    assert fetched["generation"]["status"] == "success" and fetched["generation"]["quality"] == "draft"


async def test_draft_ranges_answer_422_in_russian(api: Harness):
    headers = await api.user("ranges@example.com")
    for body, field in (
        ({**DRAFT, "steps": 10}, "steps"),
        ({**DRAFT, "guidance": 7}, "guidance"),
        ({**DRAFT, "quality": "ultra"}, "quality"),
    ):
        for path in ("/api/generations/quote", "/api/generations"):
            problem = assert_problem(await api.client.post(path, json=body, headers=headers), 422)
            assert field in [e["field"] for e in problem["errors"]], problem
    problem = assert_problem(
        await api.client.post("/api/generations", json={**DRAFT, "steps": 10}, headers=headers), 422
    )
    assert problem["errors"] == [{"field": "steps", "message": "число шагов от 4 до 8 в режиме «Черновик»"}]


async def test_without_the_lcm_lora_drafts_are_refused_with_409_and_ready_says_so():
    # ML_ENGINE=real with no LoRA file under MODELS_DIR: the installation offers no drafts.
    settings = replace(SETTINGS, ml_engine="real", draft_lora="nobody/missing-lcm-lora")
    async with harness(settings) as api:
        ready = (await api.client.get("/api/ready")).json()
        assert ready["ml_engine"]["drafts"] is False
        headers = await api.user("nolora@example.com")
        for path in ("/api/generations/quote", "/api/generations"):
            problem = assert_problem(await api.client.post(path, json=DRAFT, headers=headers), 409)
            assert "Черновик" in problem["detail"], problem
        assert (await api.client.get("/api/balance", headers=headers)).json()["reserved_credits"] == 0
        standard = await api.client.post("/api/generations", json=IDEA, headers=headers)
        assert standard.status_code == 202 and standard.json()["generation"]["quality"] == "standard"
