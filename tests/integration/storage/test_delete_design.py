"""Deleting a design for real: the app over PostgreSQL with the embedded S3. The image is served
anonymously before and refused after; the ledger and the balance stay as they were."""

from __future__ import annotations

import httpx
from dishka import Provider, Scope, provide

from tests.http.harness import SETTINGS, harness
from tests.support.invariants import check_money_invariants
from tortodelova.adapters.db.database import Database
from tortodelova.adapters.storage.s3 import S3ObjectStore
from tortodelova.application.ports.storage import ObjectStore

IDEA = {"prompt_ru": "белый торт с голубыми цветами", "style": "wedding"}


class RealS3(Provider):
    """The embedded S3 in place of the memory store."""

    scope = Scope.APP

    def __init__(self, store: S3ObjectStore) -> None:
        super().__init__()
        self.store = store

    @provide
    def object_store(self) -> ObjectStore:
        return self.store


async def test_deleted_design_leaves_s3_and_keeps_the_ledger(migrated_url: str, s3_store: S3ObjectStore):
    async with harness(SETTINGS, RealS3(s3_store), database_url=migrated_url) as api:
        owner = await api.user("baker@example.com", top_up=50)
        created = (await api.client.post("/api/generations", json=IDEA, headers=owner)).json()["generation"]
        await api.run_worker()
        url = f"/api/generations/{created['id']}"
        design = (await api.client.get(url, headers=owner)).json()["generation"]
        assert design["status"] == "success"
        async with httpx.AsyncClient() as anonymous:
            assert (await anonymous.get(design["public_url"])).status_code == 200
        me_before = await api.me(owner)
        ledger_before = (await api.client.get("/api/transactions", headers=owner)).json()

        assert (await api.client.delete(url, headers=owner)).status_code == 204

        async with httpx.AsyncClient() as anonymous:
            assert (await anonymous.get(design["public_url"])).status_code in (403, 404)
        assert (await api.client.get(url, headers=owner)).status_code == 404
        assert (await api.client.get("/api/transactions", headers=owner)).json() == ledger_before
        me_after = await api.me(owner)
        assert (me_after["balance_credits"], me_after["reserved_credits"]) == (
            me_before["balance_credits"],
            me_before["reserved_credits"],
        )
        history = (await api.client.get("/api/generations?include_deleted=true", headers=owner)).json()
        [gone] = history["items"]
        assert (gone["id"], gone["deleted"], gone["public_url"], gone["status"]) == (
            created["id"],
            True,
            None,
            "success",
        )
        assert (await api.client.get("/api/generations", headers=owner)).json()["total"] == 0
        assert (await api.client.delete(url, headers=owner)).status_code == 204  # again: a no-op
        await check_money_invariants((await api.container.get(Database)).unit_of_work())
