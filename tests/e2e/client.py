"""A small API client for the end-to-end tests."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass

import httpx


@dataclass
class ApiUser:
    client: httpx.Client
    email: str
    token: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def get(self, path: str, **kw) -> httpx.Response:  # noqa: ANN003
        return self.client.get(path, headers=self.auth | kw.pop("headers", {}), **kw)

    def post(self, path: str, **kw) -> httpx.Response:  # noqa: ANN003
        return self.client.post(path, headers=self.auth | kw.pop("headers", {}), **kw)

    def balance(self) -> dict:
        r = self.get("/api/balance")
        assert r.status_code == 200, r.text
        return r.json()

    def buy(self, pack_id: str = "pack-100", key: str | None = None, timeout: float = 30) -> dict:
        """A credit pack bought on the sandbox checkout (`tortodelova dev`'s payment service), as a
        payer does: create the payment, press «Оплатить», then wait on the return page's check."""
        headers = {"Idempotency-Key": key} if key else {}
        created = self.post("/api/balance/top-up", json={"pack_id": pack_id}, headers=headers)
        assert created.status_code == 201, created.text
        payment = created.json()["payment"]
        paid = self.client.post(f"{payment['confirmation_url']}/pay")
        assert paid.status_code == 303, paid.text
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            checked = self.post(f"/api/payments/{payment['id']}/check").json()["payment"]
            if checked["status"] != "pending":
                return checked
            time.sleep(0.2)
        raise AssertionError(f"payment {payment['id']} still pending")

    def events(self, generation_id: str, timeout: float = 120) -> list[dict]:
        """Reads the SSE stream to its end (a terminal status)."""
        events = []
        with self.client.stream(
            "GET", f"/api/generations/{generation_id}/events", headers=self.auth, timeout=timeout
        ) as r:
            assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
            for line in r.iter_lines():
                if line.startswith("data:"):
                    events.append(json.loads(line[5:].strip()))
        return events

    def wait_status(self, generation_id: str, statuses: set[str], timeout: float = 120) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            g = self.get(f"/api/generations/{generation_id}").json()["generation"]
            if g["status"] in statuses:
                return g
            time.sleep(0.2)
        raise AssertionError(f"{generation_id} never reached {statuses}: {g}")


def register_and_login(base_url: str, email: str | None = None, password: str = "correct horse") -> ApiUser:
    client = httpx.Client(base_url=base_url, timeout=30)
    email = email or f"baker-{uuid.uuid4().hex[:8]}@example.com"
    r = client.post("/api/auth/register", json={"email": email, "password": password})
    assert r.status_code == 201, r.text
    return login(client, email, password)


def login(client: httpx.Client, email: str, password: str) -> ApiUser:
    r = client.post("/api/auth/login", json={"email": email, "password": password})
    assert r.status_code == 200, r.text
    return ApiUser(client, email, r.json()["access_token"])
