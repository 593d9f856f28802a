"""A refund survives the process dying between its steps: the API process is killed (SIGKILL) while
YooKassa holds its refund request, before or after making the refund. The housekeeping finishes it
afterwards: exactly one refund at YooKassa, exactly one debit, no credits lost."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from uuid import UUID

import pytest

from tests.http.harness import WELCOME_BONUS, harness
from tests.http.test_yookassa import external_id, notify, start, yookassa_settings
from tests.support.fake_yookassa import FakeYooKassa
from tests.support.invariants import check_money_invariants
from tortodelova.devstack.supervisor import settings_env
from tortodelova.entrypoints.http.housekeeping import PaymentReconciler

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def fake() -> Iterator[FakeYooKassa]:
    server = FakeYooKassa().start()
    yield server
    server.stop()


@pytest.mark.parametrize(
    "when", ["before", "after"], ids=["killed-before-the-refund", "killed-after-the-refund"]
)
async def test_a_refund_killed_between_its_steps_is_finished_once(
    fake: FakeYooKassa, migrated_url: str, when: str
):
    settings = yookassa_settings(fake)
    async with harness(settings, database_url=migrated_url) as api:
        admin = await api.admin()
        headers = await api.user("baker@example.com")
        payment = await start(api, headers, "pack-100")
        yid = await external_id(api, payment)
        fake.pay(yid)
        await notify(api, fake, "payment.succeeded", yid)
        admin_id = (await api.me(admin))["id"]

        fake.hold_refunds(when)
        env = {
            **os.environ,
            **settings_env(replace(settings, database_url=migrated_url)),
            "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)]),
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.support.refund_process",
            admin_id,
            payment["id"],
            cwd=REPO,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            held = await _wait(fake, process)
            if not held:
                assert process.stderr is not None
                pytest.fail((await process.stderr.read()).decode())
            process.send_signal(signal.SIGKILL)  # the process dies with the refund request in flight
            await asyncio.wait_for(process.wait(), 30)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
            fake.release()
        assert process.returncode == -signal.SIGKILL

        # Killed: the credits are already debited, the payment says a refund is under way.
        after_crash = (await api.client.get("/api/admin/payments", headers=admin)).json()["items"][0]
        assert after_crash["status"] == "refunding"
        assert (await api.me(headers))["balance_credits"] == WELCOME_BONUS
        assert fake.refunds_made == (1 if when == "after" else 0)
        await check_money_invariants((await api.database()).unit_of_work())

        assert await PaymentReconciler(api.container, 60).run_once() == 1  # the housekeeping's round

        finished = (await api.client.get("/api/admin/payments", headers=admin)).json()["items"][0]
        assert finished["status"] == "refunded"
        assert fake.refunds_made == 1  # exactly one refund...
        debits = (
            await api.client.get("/api/transactions", params={"kind": "refund"}, headers=headers)
        ).json()
        assert [(t["type"], t["amount"]) for t in debits["items"]] == [("debit", 100)]  # ...and one debit
        assert (await api.me(headers))["balance_credits"] == WELCOME_BONUS
        # a retry of the admin's click changes nothing more
        again = await api.client.post(f"/api/admin/payments/{payment['id']}/refund", headers=admin)
        assert again.json()["payment"]["status"] == "refunded" and fake.refunds_made == 1
        async with (await api.database()).unit_of_work() as uow:
            stored = await uow.payments.get(UUID(payment["id"]))
        assert stored is not None and stored.refund_key == fake.made("POST", "/v3/refunds")[0].idempotence_key
        await check_money_invariants((await api.database()).unit_of_work())


async def _wait(fake: FakeYooKassa, process: asyncio.subprocess.Process) -> bool:
    """Until YooKassa holds the refund request (False if the process ended first)."""
    for _ in range(600):
        if fake.held.is_set():
            return True
        if process.returncode is not None:
            return False
        await asyncio.sleep(0.1)
    return False
