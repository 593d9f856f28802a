"""Two API replicas and two workers on one PostgreSQL and S3, behind nginx as compose runs them: the
limits count over both replicas, events reach a stream on the other replica, a killed worker's jobs
go to the other worker and are charged once, and one replica stopping leaves the other answering.

The tests share one cluster and run in this order; the last one stops a replica.
"""

from __future__ import annotations

import json
import signal
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.e2e.client import ApiUser, register_and_login
from tests.e2e.cluster import Cluster, running_cluster
from tortodelova.adapters.db.migrate import upgrade_async
from tortodelova.devstack.postgres import EmbeddedPostgres
from tortodelova.devstack.seaweed import EmbeddedS3

pytestmark = [pytest.mark.xdist_group("stack"), pytest.mark.timeout(420)]

LEASE_SECONDS = 4
PASSWORD = "correct horse"


@pytest.fixture(scope="module")
async def replicas_database(embedded_postgres: EmbeddedPostgres) -> AsyncIterator[str]:
    name = f"replicas_{uuid.uuid4().hex[:8]}"
    url = embedded_postgres.create_database(name)
    await upgrade_async(url)
    yield url
    embedded_postgres.drop_database(name)


@pytest.fixture(scope="module")
def cluster(
    replicas_database: str, embedded_s3: EmbeddedS3, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cluster]:
    settings = {
        "LEASE_SECONDS": str(LEASE_SECONDS),
        "POLL_INTERVAL_SECONDS": "0.5",
        "AUTH_RATE_LIMIT_PER_MINUTE": "1000",  # every test registers from 127.0.0.1
        "LOGIN_FAILURES_PER_ACCOUNT": "10",
    }
    with running_cluster(
        tmp_path_factory.mktemp("replicas"), replicas_database, embedded_s3, env=settings
    ) as c:
        yield c


def test_the_login_limit_stops_at_ten_failures_summed_over_both_replicas(cluster: Cluster) -> None:
    email = f"baker-{uuid.uuid4().hex[:8]}@example.com"
    register_and_login(cluster.nginx.url, email, PASSWORD)

    def attempt(n: int) -> int:
        url = cluster.apis[n % 2].url  # half on each replica, all at once
        body = {"email": email, "password": "wrong password"}
        return httpx.post(f"{url}/api/auth/login", json=body, timeout=60).status_code

    with ThreadPoolExecutor(20) as pool:
        statuses = sorted(pool.map(attempt, range(20)))
    assert statuses == [401] * 10 + [429] * 10, f"{statuses}\n{cluster.logs()}"
    for url in [api.url for api in cluster.apis] + [cluster.nginx.url]:
        right = httpx.post(f"{url}/api/auth/login", json={"email": email, "password": PASSWORD}, timeout=30)
        assert right.status_code == 429 and int(right.headers["retry-after"]) >= 1, (url, right.text)


def events_until_done(user: ApiUser, generation_id: str, timeout: float, cluster: Cluster) -> list[dict]:
    """The stream's events to its terminal one; fails, with the logs, when that takes over `timeout`."""
    deadline, events = time.monotonic() + timeout, []
    path = f"/api/generations/{generation_id}/events"
    with user.client.stream("GET", path, headers=user.auth, timeout=30) as response:
        assert response.status_code == 200, response.read()
        for line in response.iter_lines():  # a keep-alive comment at least every 15 s
            if line.startswith("data:"):
                events.append(json.loads(line[5:]))
            if time.monotonic() > deadline:
                raise AssertionError(f"no terminal event in {timeout} s: {events}\n{cluster.logs()}")
    return events


def test_a_design_submitted_through_one_replica_streams_on_the_other(cluster: Cluster) -> None:
    submitter = register_and_login(cluster.apis[0].url)
    watcher = ApiUser(
        httpx.Client(base_url=cluster.apis[1].url, timeout=30), submitter.email, submitter.token
    )
    created = submitter.post(
        "/api/generations", json={"prompt_ru": "Торт с малиной", "style": "classic", "quality": "draft"}
    )
    assert created.status_code == 202, created.text
    events = events_until_done(watcher, created.json()["generation"]["id"], 240, cluster)
    progress = [e["progress"] for e in events if e["status"] == "processing"]
    assert any(0 < p < 1 for p in progress), events  # the worker's progress, published on the other replica
    assert events[-1]["status"] == "success" and events[-1]["public_url"], events


def test_a_worker_killed_mid_batch_leaves_its_jobs_to_the_other_each_charged_once(cluster: Cluster) -> None:
    cluster.wait_workers()
    user = register_and_login(cluster.nginx.url)
    before = user.balance()["balance_credits"]
    # 16 steps: long enough to be caught mid-render (Cluster.rendering reads every 20 ms), short
    # enough to be drawn twice quickly on a loaded machine.
    body = {"prompt_ru": "Торт в полёте", "style": "classic", "steps": 16, "variants": 2}
    created = user.post("/api/generations", json=body)
    assert created.status_code == 202, created.text
    gids = [g["id"] for g in created.json()["generations"]]

    owner = cluster.rendering(gids)
    cluster.workers[owner].stop(signal.SIGKILL)  # as the OOM killer would: no release, no settlement
    held = [gid for gid in gids if cluster.request(gid).lease_owner == owner]
    assert held, f"the batch was settled before {owner} was killed: too fast to catch mid-render"
    assert all(cluster.request(gid).status.value == "processing" for gid in held)
    survivor = next(w for w in cluster.workers if w != owner)

    final = []
    for gid in gids:
        cluster.wait_for(
            f"{gid} finished by {survivor}",
            lambda g=gid: (
                user.get(f"/api/generations/{g}").json()["generation"]["status"] in ("success", "failed")
            ),
            240,
        )
        final.append(user.get(f"/api/generations/{gid}").json()["generation"])
    assert [g["status"] for g in final] == ["success"] * len(gids), f"{final}\n{cluster.logs()}"
    assert all(cluster.request(gid).attempts == 2 for gid in held)  # the killed claim, then the survivor's
    debits = user.get("/api/transactions", params={"kind": "generation"}).json()["items"]
    assert sorted(t["prediction_request_id"] for t in debits) == sorted(gids)  # one debit each
    spent = sum(g["credits_spent"] for g in final)
    assert sum(t["amount"] for t in debits) == spent > 0
    left = before - spent
    assert user.balance() == {"balance_credits": left, "reserved_credits": 0, "available_credits": left}


def test_one_replica_stopped_while_serving_the_other_keeps_answering(cluster: Cluster) -> None:
    user = register_and_login(cluster.nginx.url)
    answers: list[tuple[float, int | str]] = []  # (when, the status or the error)
    done = threading.Event()

    def keep_asking() -> None:
        with httpx.Client(base_url=cluster.nginx.url, timeout=30) as client:
            while not done.is_set():
                try:
                    answer: int | str = client.get("/api/me", headers=user.auth).status_code
                except httpx.HTTPError as error:
                    answer = repr(error)
                answers.append((time.monotonic(), answer))

    asker = threading.Thread(target=keep_asking)
    asker.start()
    try:
        cluster.wait_for("requests before the stop", lambda: len(answers) >= 20, 60)
        stopping = cluster.apis[0]
        # uvicorn ends a graceful stop by re-raising the signal: exit status -SIGTERM
        assert stopping.stop(signal.SIGTERM) in (0, -signal.SIGTERM), stopping.tail()
        assert "Application shutdown complete" in stopping.tail(), stopping.tail()
        stopped_at = time.monotonic()
        cluster.wait_for("requests after the stop", lambda: sum(t > stopped_at for t, _ in answers) >= 20, 60)
    finally:
        done.set()
        asker.join(60)
    assert {answer for _, answer in answers} == {200}, [a for _, a in answers if a != 200][:5]
    for api in cluster.apis:  # nginx used both before the stop
        assert '"path": "/api/me"' in api.log.read_text(), api.tail()
