"""Issue 12 over HTTP: variants in one submit, starting from a picture, the 202 body and the new fields."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from tests.http.harness import Harness, assert_problem
from tests.support.fake_ml import png_bytes
from tortodelova.application.ports.storage import ObjectStore
from tortodelova.domain.uploads import Upload, UploadPurpose, upload_key

IDEA = {"prompt_ru": "розовый торт с ягодами", "style": "kids"}


async def add_upload(
    api: Harness, headers: dict[str, str], purpose: UploadPurpose = UploadPurpose.REFERENCE
) -> str:
    """An upload row as POST /api/uploads leaves it (the endpoint itself is tested with it)."""
    user_id = uuid.UUID((await api.me(headers))["id"])
    upload_id = uuid.uuid4()
    db = await api.db()
    db.tables.uploads[upload_id] = Upload(
        upload_id, user_id, purpose, 800, 600, upload_key(user_id, upload_id), datetime.now(UTC)
    )
    # ... and its object: the worker reads the starting picture / mask from the store
    await (await api.container.get(ObjectStore)).put(
        upload_key(user_id, upload_id), png_bytes(8, 6, (9, 9, 9)), "image/png"
    )
    return str(upload_id)


async def test_four_variants_answer_every_generation_and_the_first_for_old_clients(api: Harness):
    headers = await api.user("baker@example.com", top_up=100)
    quote = await api.client.post("/api/generations/quote", json={**IDEA, "variants": 4}, headers=headers)
    assert quote.status_code == 200 and quote.json() == {"credits": 40, "per_variant": 10, "variants": 4}

    response = await api.client.post(
        "/api/generations",
        json={**IDEA, "variants": 4, "seed": 100},
        headers={**headers, "Idempotency-Key": "v4"},
    )
    assert response.status_code == 202, response.text
    body = response.json()
    generations = body["generations"]
    assert body["generation"] == generations[0]
    assert response.headers["location"] == f"/api/generations/{generations[0]['id']}"
    assert [g["seed"] for g in generations] == [100, 101, 102, 103]
    assert [g["variant_index"] for g in generations] == [0, 1, 2, 3]
    assert len({g["group_id"] for g in generations}) == 1 and generations[0]["group_id"] is not None
    assert [g["credits_reserved"] for g in generations] == [10] * 4
    assert [g["queue_position"] for g in generations] == [0, 1, 2, 3]
    assert (await api.me(headers))["reserved_credits"] == 40

    replay = await api.client.post(
        "/api/generations",
        json={**IDEA, "variants": 4, "seed": 100},
        headers={**headers, "Idempotency-Key": "v4"},
    )
    assert replay.status_code == 202 and [g["id"] for g in replay.json()["generations"]] == [
        g["id"] for g in generations
    ]
    listed = (await api.client.get("/api/generations", headers=headers)).json()
    assert listed["total"] == 4 and {g["group_id"] for g in listed["items"]} == {generations[0]["group_id"]}

    outcomes = await api.run_worker()
    assert len(outcomes) == 4 and {o.status.value for o in outcomes} == {"success"}
    me = await api.me(headers)
    assert (me["reserved_credits"], me["balance_credits"]) == (0, 30 + 100 - 40)


async def test_generate_from_an_upload_and_refine_a_design(api: Harness):
    headers = await api.user("baker@example.com", top_up=100)
    upload_id = await add_upload(api, headers)
    payload = {**IDEA, "init_image": {"upload_id": upload_id}, "strength": 0.5}
    quote = (await api.client.post("/api/generations/quote", json=payload, headers=headers)).json()
    assert quote == {"credits": 6, "per_variant": 6, "variants": 1}  # ceil(25 x 0.5) = 13 steps of 25
    response = await api.client.post("/api/generations", json=payload, headers=headers)
    assert response.status_code == 202, response.text
    created = response.json()["generation"]
    assert created["init_image"] == {"upload_id": upload_id}  # exactly one key
    assert (created["strength"], created["mask_upload_id"], created["credits_reserved"]) == (0.5, None, 6)
    assert created["steps"] == 25 and created["group_id"] is None

    await api.run_worker()
    refine = {**IDEA, "init_image": {"generation_id": created["id"]}, "strength": 0.3}
    mask_id = await add_upload(api, headers, UploadPurpose.MASK)
    response = await api.client.post(
        "/api/generations", json={**refine, "mask_upload_id": mask_id}, headers=headers
    )
    assert response.status_code == 202, response.text
    again = (await api.client.get(response.headers["location"], headers=headers)).json()["generation"]
    assert again["init_image"] == {"generation_id": created["id"]}
    assert (again["strength"], again["mask_upload_id"]) == (0.3, mask_id)


async def test_pictures_of_others_are_404_and_unfinished_designs_409(api: Harness):
    owner = await api.user("owner@example.com")
    stranger = await api.user("stranger@example.com")
    upload_id = await add_upload(api, owner)
    pending = (await api.client.post("/api/generations", json=IDEA, headers=owner)).json()["generation"]
    # The quote looks the pictures up as the submit does.
    for path in ("/api/generations", "/api/generations/quote"):
        for init_image in (
            {"upload_id": upload_id},
            {"upload_id": str(uuid.uuid4())},
            {"generation_id": pending["id"]},
        ):
            body = assert_problem(
                await api.client.post(
                    path, json={**IDEA, "init_image": init_image, "strength": 0.5}, headers=stranger
                ),
                404,
            )
            assert any("а" <= ch.lower() <= "я" for ch in body["detail"])
        body = assert_problem(
            await api.client.post(
                path,
                json={**IDEA, "init_image": {"generation_id": pending["id"]}, "strength": 0.5},
                headers=owner,
            ),
            409,
        )
        assert "готов" in body["detail"]
    assert (await api.me(stranger))["reserved_credits"] == 0


async def test_design_loop_fields_are_validated_in_russian(api: Harness):
    headers = await api.user("baker@example.com")
    some_id = str(uuid.uuid4())
    cases = [
        ({**IDEA, "variants": 0}, "variants"),
        ({**IDEA, "variants": 5}, "variants"),
        ({**IDEA, "strength": 0.5}, "strength"),
        ({**IDEA, "init_image": {"upload_id": some_id}}, "strength"),
        ({**IDEA, "init_image": {"upload_id": some_id}, "strength": 0.95}, "strength"),
        ({**IDEA, "init_image": {}, "strength": 0.5}, "init_image"),
        (
            {**IDEA, "init_image": {"upload_id": some_id, "generation_id": some_id}, "strength": 0.5},
            "init_image",
        ),
        ({**IDEA, "mask_upload_id": some_id}, "mask_upload_id"),
    ]
    for payload, field in cases:
        for path in ("/api/generations", "/api/generations/quote"):
            body = assert_problem(await api.client.post(path, json=payload, headers=headers), 422)
            assert [e["field"] for e in body["errors"]] == [field], (payload, body)
            assert all(any("а" <= ch.lower() <= "я" for ch in e["message"]) for e in body["errors"]), body
    for payload in (
        {**IDEA, "init_image": "photo.jpg"},
        {**IDEA, "variants": 2.5},
        {**IDEA, "mask_upload_id": "x"},
    ):
        assert_problem(await api.client.post("/api/generations", json=payload, headers=headers), 422)
    assert (await api.me(headers))["reserved_credits"] == 0
