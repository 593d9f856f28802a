"""Issue 22: upscaling a design for print through the worker queue, charged only once it is stored."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from dishka import Provider, Scope, provide
from PIL import Image

from tests.http.conftest import SETTINGS, s3_harness
from tests.http.harness import Harness, assert_problem, harness
from tests.http.test_inscriptions import check_invariants
from tests.http.test_printing import IDEA, finished_design
from tests.support.fake_ml import ResizingUpscaler
from tortodelova.application.ports.storage import ObjectStore
from tortodelova.application.ports.upscaling import Upscaler
from tortodelova.devstack.seaweed import EmbeddedS3

PRICE = SETTINGS.upscale_credits  # 2 by default


async def test_an_upscale_is_queued_reserved_and_charged_once_stored(api: Harness):
    headers = await api.user("baker@example.com")
    parent = await finished_design(api, headers, size=(512, 512))
    before = await api.me(headers)
    response = await api.client.post(
        f"/api/generations/{parent}/upscale", json={"factor": 2}, headers=headers
    )
    assert response.status_code == 202, response.text
    job = response.json()["generation"]
    assert response.headers["location"] == f"/api/generations/{job['id']}"
    assert (job["kind"], job["parent_id"], job["status"]) == ("upscale", parent, "pending")
    assert (job["width"], job["height"], job["credits_reserved"]) == (1024, 1024, PRICE)
    assert (await api.me(headers))["reserved_credits"] == before["reserved_credits"] + PRICE
    [outcome] = await api.run_worker()
    assert outcome.status.value == "success"
    done = (await api.client.get(f"/api/generations/{job['id']}", headers=headers)).json()["generation"]
    assert done["credits_spent"] == PRICE and done["status"] == "success"
    stored = Image.open(io.BytesIO(await (await api.container.get(ObjectStore)).get(done["s3_key"])))
    assert stored.size == (1024, 1024)
    after = await api.me(headers)
    assert (after["balance_credits"], after["reserved_credits"]) == (before["balance_credits"] - PRICE, 0)
    await check_invariants(api)


async def test_a_failed_upscale_costs_nothing(api: Harness):
    headers = await api.user("baker@example.com")
    parent = await finished_design(api, headers)
    before = await api.me(headers)
    job = (await api.client.post(f"/api/generations/{parent}/upscale", json={}, headers=headers)).json()[
        "generation"
    ]
    [outcome] = await api.run_worker(upscaler=ResizingUpscaler(fail_with=RuntimeError("tile exploded")))
    assert outcome.status.value == "failed"
    failed = (await api.client.get(f"/api/generations/{job['id']}", headers=headers)).json()["generation"]
    assert failed["credits_spent"] == 0 and failed["error"].endswith("Кредиты не списаны.")
    after = await api.me(headers)
    assert (after["balance_credits"], after["reserved_credits"]) == (before["balance_credits"], 0)
    await check_invariants(api)


@pytest.mark.parametrize("action", ["upscale", "upscale/quote"])
@pytest.mark.parametrize(
    ("body", "status", "field"),
    [({"factor": 3}, 422, "factor"), ({"factor": 8}, 422, "factor"), ({"factor": 0}, 422, "factor")],
)
async def test_only_2_or_4(api: Harness, action: str, body: dict, status: int, field: str | None):
    headers = await api.user("baker@example.com")
    parent = await finished_design(api, headers)
    problem = assert_problem(
        await api.client.post(f"/api/generations/{parent}/{action}", json=body, headers=headers), status
    )
    if field:
        assert "в 2 или в 4 раза" in {e["field"]: e["message"] for e in problem["errors"]}[field]
    assert (await api.me(headers))["reserved_credits"] == 0


@pytest.mark.parametrize("action", ["upscale", "upscale/quote"])
async def test_refusals(api: Harness, action: str):
    owner = await api.user("baker@example.com")
    parent = await finished_design(api, owner)
    stranger = await api.user("other@example.com")
    url = f"/api/generations/{parent}/{action}"
    assert_problem(await api.client.post(url, json={"factor": 4}, headers=stranger), 404)
    queued = (await api.client.post("/api/generations", json=IDEA, headers=owner)).json()["generation"]["id"]
    assert_problem(await api.client.post(f"/api/generations/{queued}/{action}", json={}, headers=owner), 409)
    # a 4x upscale (2048 px) is past the 1024 px an upscale takes
    upscale = f"/api/generations/{parent}/upscale"
    big = (await api.client.post(upscale, json={"factor": 4}, headers=owner)).json()["generation"]["id"]
    await api.run_worker()
    problem = assert_problem(
        await api.client.post(f"/api/generations/{big}/{action}", json={}, headers=owner), 422
    )
    assert "до 1024 px" in problem["errors"][0]["message"]


async def test_the_quote_says_the_price_and_size_and_reserves_nothing(api: Harness):
    headers = await api.user("baker@example.com")
    parent = await finished_design(api, headers, size=(512, 512))
    before = await api.me(headers)
    for factor, size in ((2, (1024, 1024)), (4, (2048, 2048))):
        response = await api.client.post(
            f"/api/generations/{parent}/upscale/quote", json={"factor": factor}, headers=headers
        )
        assert response.status_code == 200, response.text
        assert response.json() == {"credits": PRICE, "width": size[0], "height": size[1]}
    assert await api.me(headers) == before


@pytest.mark.parametrize("action", ["upscale", "upscale/quote"])
async def test_a_server_without_the_upscaler_weights_refuses_with_409(tmp_path, action: str):
    no_weights = replace(SETTINGS, ml_engine="real", models_dir=str(tmp_path / "models"))
    async with harness(no_weights) as api:
        headers = await api.user("baker@example.com")
        parent = await finished_design(api, headers)
        problem = assert_problem(
            await api.client.post(f"/api/generations/{parent}/{action}", json={}, headers=headers), 409
        )
        assert problem["type"].endswith("upscale_unavailable") and "models pull" in problem["detail"]
        assert (await api.me(headers))["reserved_credits"] == 0


async def test_without_the_credits_nothing_is_reserved(api: Harness):
    headers = await api.user("baker@example.com")  # 30 credits of welcome
    parent = await finished_design(api, headers)  # 10 spent
    for _ in range(2):  # the other 20 reserved
        assert (await api.client.post("/api/generations", json=IDEA, headers=headers)).status_code == 202
    assert (await api.me(headers))["available_credits"] == 0
    problem = assert_problem(
        await api.client.post(f"/api/generations/{parent}/upscale", json={}, headers=headers), 402
    )
    assert "Недостаточно кредитов" in problem["detail"]
    assert (await api.me(headers))["reserved_credits"] == 20


async def test_the_same_idempotency_key_replays_the_upscale(api: Harness):
    headers = await api.user("baker@example.com")
    parent = await finished_design(api, headers)
    keyed = {**headers, "Idempotency-Key": "up-1"}
    first = await api.client.post(f"/api/generations/{parent}/upscale", json={"factor": 4}, headers=keyed)
    again = await api.client.post(f"/api/generations/{parent}/upscale", json={"factor": 4}, headers=keyed)
    assert first.json()["generation"]["id"] == again.json()["generation"]["id"]
    assert (await api.me(headers))["reserved_credits"] == PRICE
    other = await api.client.post(f"/api/generations/{parent}/upscale", json={"factor": 2}, headers=keyed)
    assert_problem(other, 422)


# --- the real upscaler (a tiny random Real-ESRGAN network) on PostgreSQL and S3 -------------------


class TinyRealEsrgan(Provider):
    scope = Scope.APP

    @provide
    def upscaler(self) -> Upscaler:
        from tortodelova.adapters.ml.upscaler import build_demo_upscaler

        return build_demo_upscaler(tile=128, overlap=16)


@pytest.fixture
async def s3_worker_api(migrated_url: str, embedded_s3: EmbeddedS3) -> AsyncIterator[Harness]:
    async with s3_harness(migrated_url, embedded_s3, TinyRealEsrgan()) as h:
        yield h


async def test_through_the_worker_on_postgresql_and_s3(s3_worker_api: Harness):
    api = s3_worker_api
    headers = await api.user("baker@example.com")
    parent = await finished_design(api, headers, size=(512, 512))
    start = await api.me(headers)
    ok = (
        await api.client.post(f"/api/generations/{parent}/upscale", json={"factor": 4}, headers=headers)
    ).json()
    [outcome] = await api.run_worker()
    assert outcome.status.value == "success"
    done = (await api.client.get(f"/api/generations/{ok['generation']['id']}", headers=headers)).json()[
        "generation"
    ]
    store = await api.container.get(ObjectStore)
    upscaled = Image.open(io.BytesIO(await store.get(done["s3_key"])))
    assert upscaled.size == (2048, 2048)  # 4x the input in each side
    # a parent whose picture is gone from the store fails, uncharged
    second = await finished_design(api, headers, size=(512, 512))
    job = (
        await api.client.post(f"/api/generations/{second}/upscale", json={"factor": 4}, headers=headers)
    ).json()
    await store.delete(
        (await api.client.get(f"/api/generations/{second}", headers=headers)).json()["generation"]["s3_key"]
    )
    [failed] = await api.run_worker()
    assert failed.status.value == "failed"
    gone = (await api.client.get(f"/api/generations/{job['generation']['id']}", headers=headers)).json()[
        "generation"
    ]
    assert gone["credits_spent"] == 0 and "Исходное изображение недоступно" in gone["error"]
    end = await api.me(headers)
    # two generations of 10 and one upscale charged, the failed upscale not
    assert end["balance_credits"] == start["balance_credits"] - 10 - PRICE
    assert end["reserved_credits"] == 0
    await check_invariants(api)


async def test_the_schema_states_the_longest_side_an_upscale_takes(api: Harness):
    schema = (await api.client.get("/api/schema/openapi.json")).json()["components"]["schemas"]
    side = schema["UpscaleIn"]["x-max-source-side"]  # the SPA's LIMITS.upscaleMaxSourceSide
    headers = await api.user("baker@example.com")
    parent = await finished_design(api, headers, size=(512, 512))
    upscale = f"/api/generations/{parent}/upscale"
    at_limit = (await api.client.post(upscale, json={"factor": 2}, headers=headers)).json()["generation"]
    past_it = (await api.client.post(upscale, json={"factor": 4}, headers=headers)).json()["generation"]
    await api.run_worker()
    assert at_limit["width"] == side < past_it["width"]
    quote = f"/api/generations/{at_limit['id']}/upscale/quote"
    assert (await api.client.post(quote, json={"factor": 2}, headers=headers)).status_code == 200
    problem = assert_problem(
        await api.client.post(f"/api/generations/{past_it['id']}/upscale/quote", json={}, headers=headers),
        422,
    )
    assert f"до {side} px" in problem["errors"][0]["message"]
