"""Issue 22: an inscription on a design, a new design of kind `inscription`, and the fonts."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.http.harness import Harness, assert_problem
from tests.http.test_printing import IDEA, finished_design
from tests.support.invariants import check_money_invariants
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.storage import ObjectStore
from tortodelova.domain.inscription import FONTS

TEXT = "С днём рождения,\nМаша!"


async def test_an_inscription_is_a_new_free_design_with_its_parent(api: Harness):
    headers = await api.user("baker@example.com")
    parent = await finished_design(api, headers, size=(512, 512))
    balance = (await api.me(headers))["balance_credits"]
    response = await api.client.post(
        f"/api/generations/{parent}/inscription",
        json={
            "text": TEXT,
            "font": "lobster",
            "color": "#C2185B",
            "outline_color": "#FFFFFF",
            "placement": "arc_top",
        },
        headers=headers,
    )
    assert response.status_code == 201, response.text
    design = response.json()["generation"]
    assert response.headers["location"] == f"/api/generations/{design['id']}"
    assert design["kind"] == "inscription" and design["parent_id"] == parent and design["status"] == "success"
    assert design["credits_reserved"] == design["credits_spent"] == 0
    assert design["prompt_ru"] == IDEA["prompt_ru"] and design["public_url"].endswith(f"/{design['id']}.png")
    assert (await api.me(headers))["balance_credits"] == balance  # no credits
    store = await api.container.get(ObjectStore)
    drawn = Image.open(io.BytesIO(await store.get(design["s3_key"])))
    before = Image.open(io.BytesIO(await store.get(design["s3_key"].replace(design["id"], parent))))
    assert drawn.size == before.size == (512, 512)
    assert drawn.convert("RGB").tobytes() != before.convert("RGB").tobytes()
    # stored like any design: read back, listed, filtered by kind, printable
    got = (await api.client.get(f"/api/generations/{design['id']}", headers=headers)).json()["generation"]
    assert got == {**design, "queue_position": 0}
    only = (await api.client.get("/api/generations?kind=inscription", headers=headers)).json()
    assert [g["id"] for g in only["items"]] == [design["id"]]
    plain = (await api.client.get("/api/generations?kind=generation", headers=headers)).json()
    assert [g["id"] for g in plain["items"]] == [parent]
    printed = await api.client.post(
        f"/api/generations/{design['id']}/print",
        json={"layout": "round", "diameter_mm": 160},
        headers=headers,
    )
    assert printed.status_code == 200
    await check_invariants(api)


async def test_it_is_stored_on_postgresql_with_its_kind_and_parent(pg_api: Harness):
    headers = await pg_api.user("baker@example.com")
    parent = await finished_design(pg_api, headers)
    created = await pg_api.client.post(
        f"/api/generations/{parent}/inscription",
        json={"text": "Ёжик", "placement": "center"},
        headers=headers,
    )
    assert created.status_code == 201, created.text
    listed = (await pg_api.client.get("/api/generations?kind=inscription", headers=headers)).json()["items"]
    assert [(g["kind"], g["parent_id"], g["credits_spent"]) for g in listed] == [("inscription", parent, 0)]
    await check_invariants(pg_api)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "   \n  "}, "text"),
        ({"text": "a\nb\nc"}, "text"),
        ({"text": "я" * 61}, "text"),
        ({"text": "Маша\u0000"}, "text"),
        ({"text": "Ма\u200bша"}, "text"),
        ({"text": "Маша", "font": "comic-sans"}, "font"),
        ({"text": "Маша", "color": "red"}, "color"),
        ({"text": "Маша", "color": "#12345"}, "color"),
        ({"text": "Маша", "outline_color": "#GGGGGG"}, "outline_color"),
        ({"text": "Маша", "size": "huge"}, "size"),
        ({"text": "Маша", "placement": "left"}, "placement"),
    ],
)
async def test_invalid_inscriptions_are_422_in_russian_and_change_nothing(
    api: Harness, body: dict, field: str
):
    headers = await api.user("baker@example.com")
    parent = await finished_design(api, headers)
    problem = assert_problem(
        await api.client.post(f"/api/generations/{parent}/inscription", json=body, headers=headers), 422
    )
    messages = {e["field"]: e["message"] for e in problem["errors"]}
    assert field in messages and any("а" <= ch <= "я" for ch in messages[field]), problem
    assert (await api.client.get("/api/generations", headers=headers)).json()["total"] == 1


async def test_another_users_unknown_or_unfinished_design(api: Harness):
    owner = await api.user("baker@example.com")
    parent = await finished_design(api, owner)
    stranger = await api.user("other@example.com")
    body = {"text": "Маша"}
    assert_problem(
        await api.client.post(f"/api/generations/{parent}/inscription", json=body, headers=stranger), 404
    )
    queued = (await api.client.post("/api/generations", json=IDEA, headers=owner)).json()["generation"]["id"]
    assert_problem(
        await api.client.post(f"/api/generations/{queued}/inscription", json=body, headers=owner), 409
    )
    assert (await api.client.get("/api/generations", headers=stranger)).json()["total"] == 0


async def test_the_fonts_are_listed_and_served(api: Harness):
    listed = await api.client.get("/api/inscriptions/fonts")
    assert listed.status_code == 200
    fonts = listed.json()
    assert [f["id"] for f in fonts] == list(FONTS)
    assert {f["style"] for f in fonts} == {"script", "plain"}
    assert all(any("а" <= ch <= "я" for ch in f["title"].lower()) for f in fonts)
    served = await api.client.get(fonts[0]["url"])
    assert served.status_code == 200 and served.headers["content-type"] == "font/ttf"
    assert served.content[:4] == b"\x00\x01\x00\x00" and "max-age" in served.headers["cache-control"]
    assert_problem(await api.client.get("/api/inscriptions/fonts/comic-sans"), 404)


async def check_invariants(api: Harness) -> None:
    async with api.container() as request:
        await check_money_invariants(await request.get(UnitOfWork))
