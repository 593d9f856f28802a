"""End to end over HTTP: the assembled app, real worker processes, PostgreSQL and S3."""

from __future__ import annotations

import io
import time
from datetime import datetime

import httpx
import pytest
from PIL import Image

from tests.e2e.client import register_and_login
from tortodelova.domain.file_names import design_file_name

pytestmark = pytest.mark.xdist_group("stack")

WELCOME = 30


def test_register_buy_a_pack_generate_download_and_the_ledger(live_backend):
    user = register_and_login(live_backend)
    assert user.balance() == {"balance_credits": WELCOME, "reserved_credits": 0, "available_credits": WELCOME}

    paid = user.buy("pack-100", key="top-up-1")
    assert paid["status"] == "succeeded" and user.balance()["balance_credits"] == WELCOME + 100
    again = user.post(
        "/api/balance/top-up", json={"pack_id": "pack-100"}, headers={"Idempotency-Key": "top-up-1"}
    )
    assert again.status_code == 201 and again.json()["payment"]["id"] == paid["id"]
    assert user.balance()["balance_credits"] == WELCOME + 100  # the replay is the same, paid, payment

    quote = user.post(
        "/api/generations/quote", json={"prompt_ru": "Торт с мастикой и ягодами", "style": "kids"}
    )
    credits = quote.json()["credits"]
    r = user.post(
        "/api/generations",
        json={"prompt_ru": "Нежный торт с мастикой и ягодами, два яруса", "style": "kids", "seed": 42},
        headers={"Idempotency-Key": "gen-1"},
    )
    assert r.status_code == 202, r.text
    generation = r.json()["generation"]
    assert r.headers["location"].endswith(f"/api/generations/{generation['id']}")
    assert generation["status"] in ("pending", "processing") and generation["credits_reserved"] == credits
    assert user.balance()["reserved_credits"] in (credits, 0)

    events = user.events(generation["id"])
    assert events[-1]["status"] == "success" and events[-1]["public_url"]
    assert [e["progress"] for e in events] == sorted(e["progress"] for e in events)

    g = user.get(f"/api/generations/{generation['id']}").json()["generation"]
    assert g["status"] == "success" and g["progress"] == 1.0 and g["seed"] == 42
    assert g["credits_spent"] == credits and g["s3_key"] == f"designs/{_me(user)['id']}/{g['id']}.png"
    assert "fondant" in g["prompt_en"].lower() and g["finished_at"] and g["started_at"]

    image = httpx.get(g["public_url"], timeout=10)  # anonymous, straight from S3
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    # named after the description and the day it was asked for (domain/file_names.py)
    name = design_file_name(g["prompt_ru"], datetime.fromisoformat(g["created_at"]))
    assert image.headers["content-disposition"] == f'attachment; filename="{name}"'
    assert Image.open(io.BytesIO(image.content)).size == (512, 512)

    assert user.balance() == {
        "balance_credits": WELCOME + 100 - credits,
        "reserved_credits": 0,
        "available_credits": WELCOME + 100 - credits,
    }
    txs = user.get("/api/transactions").json()
    assert [(t["type"], t["kind"], t["amount"]) for t in txs["items"]] == [
        ("debit", "generation", credits),
        ("credit", "top_up", 100),
        ("credit", "bonus", WELCOME),
    ]
    assert txs["items"][0]["prediction_request_id"] == g["id"]
    gallery = user.get("/api/generations", params={"status": "success", "style": "kids"}).json()
    assert [item["id"] for item in gallery["items"]] == [g["id"]]

    replay = user.post(
        "/api/generations",
        json={"prompt_ru": "Нежный торт с мастикой и ягодами, два яруса", "style": "kids", "seed": 42},
        headers={"Idempotency-Key": "gen-1"},
    )
    assert replay.status_code == 202 and replay.json()["generation"]["id"] == g["id"]
    assert user.balance()["balance_credits"] == WELCOME + 100 - credits


def test_other_users_cannot_see_a_generation(live_backend):
    owner = register_and_login(live_backend)
    other = register_and_login(live_backend)
    r = owner.post("/api/generations", json={"prompt_ru": "Торт для другого", "style": "minimal"})
    gid = r.json()["generation"]["id"]
    assert other.get(f"/api/generations/{gid}").status_code == 404
    assert other.get(f"/api/generations/{gid}/events").status_code == 404
    assert other.get("/api/generations").json()["total"] == 0


def test_admin_sees_stats_and_workers(live_stack):
    from tests.e2e.client import login

    admin = login(
        httpx.Client(base_url=live_stack.base_url, timeout=30),
        live_stack.admin_email,
        live_stack.admin_password,
    )
    deadline = time.monotonic() + 90  # the worker reports in once its ML engine is loaded
    while True:
        stats = admin.get("/api/admin/stats").json()
        if stats["workers"] or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert stats["users_total"] >= 1 and len(stats["generations_per_hour"]) == 24
    assert any(w["id"].startswith("dev-worker") for w in stats["workers"])
    ready = httpx.get(f"{live_stack.base_url}/api/ready", timeout=10)
    body = ready.json()
    assert ready.status_code == 200, body
    assert body["ml_engine"]["mode"] == "demo" and body["workers"]
    metrics = httpx.get(f"{live_stack.base_url}/metrics", timeout=10).text
    assert "tortodelova_queue_depth" in metrics


def _me(user):  # noqa: ANN001, ANN202
    return user.get("/api/me").json()["user"]
