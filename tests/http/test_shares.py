"""Share links: the owner makes, lists and revokes them; the client sees the design and answers
without an account; expired, revoked and foreign links answer 404."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import httpx

from tests.http.harness import SETTINGS, Harness, assert_problem, harness
from tests.support.clock import FakeClock
from tests.support.containers import instance
from tortodelova.adapters.memory.user_events import MemoryUserEvents
from tortodelova.application.ports.system import Clock
from tortodelova.application.ports.user_events import UserEvent, UserEventStream
from tortodelova.entrypoints.http.pages.share_page import PLAIN_DESCRIPTION
from tortodelova.entrypoints.http.pages.spa_index import SpaIndex
from tortodelova.entrypoints.http.streaming.sse import StreamTimings

IDEA = {"prompt_ru": "розовый торт с ягодами и макарунами", "style": "kids"}
TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


async def designed(api: Harness, email: str | None = None) -> tuple[dict[str, str], str]:
    """A user with one finished design: (auth headers, generation id)."""
    headers = await api.user(email or f"{uuid4().hex[:8]}@example.com")
    created = await api.client.post("/api/generations", json=IDEA, headers=headers)
    assert created.status_code == 202, created.text
    await api.run_worker()
    gid = created.json()["generation"]["id"]
    assert (await api.client.get(f"/api/generations/{gid}", headers=headers)).json()["generation"][
        "status"
    ] == "success"
    return headers, gid


async def share(api: Harness, headers: dict[str, str], gid: str, **body: Any) -> dict[str, Any]:
    response = await api.client.post(f"/api/generations/{gid}/share", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()["share"]


async def test_owner_creates_lists_and_revokes_a_link(api: Harness):
    headers, gid = await designed(api)
    made = await share(api, headers, gid, note="Цена 3500 ₽, к субботе", expires_in_days=7)

    assert TOKEN.match(made["token"]), made["token"]
    assert made["url"] == f"http://testserver/s/{made['token']}"
    assert made["generation_id"] == gid and made["note"] == "Цена 3500 ₽, к субботе"
    assert made["revoked"] is False and made["feedback_count"] == 0 and made["last_decision"] is None
    assert made["show_description"] is False  # by default the client sees only the note
    created = datetime.fromisoformat(made["created_at"])
    assert datetime.fromisoformat(made["expires_at"]) - created == timedelta(days=7)

    default = await share(api, headers, gid)
    assert datetime.fromisoformat(default["expires_at"]) - datetime.fromisoformat(
        default["created_at"]
    ) == timedelta(days=14)

    listed = (await api.client.get("/api/shares", headers=headers)).json()
    assert listed["total"] == 2 and {s["token"] for s in listed["items"]} == {made["token"], default["token"]}
    other_headers, other_gid = await designed(api)
    await share(api, other_headers, other_gid)
    only = (await api.client.get(f"/api/shares?generation_id={gid}", headers=headers)).json()
    assert only["total"] == 2
    assert (await api.client.get(f"/api/shares?generation_id={other_gid}", headers=headers)).json() == {
        "items": [],
        "total": 0,
    }

    public = await api.client.get(f"/api/public/shares/{made['token']}")
    assert public.status_code == 200
    assert public.headers["x-robots-tag"].startswith("noindex")
    page = public.json()["share"]
    assert page["note"] == made["note"] and page["feedback"] == []
    [design] = page["designs"]
    assert design["id"] == gid and design["prompt_ru"] is None and design["style"] == "kids"
    assert design["image_url"].startswith("http") and (design["width"], design["height"]) == (512, 512)

    revoked = await api.client.delete(f"/api/shares/{made['token']}", headers=headers)
    assert revoked.status_code == 204
    assert (await api.client.delete(f"/api/shares/{made['token']}", headers=headers)).status_code == 204
    assert_problem(await api.client.get(f"/api/public/shares/{made['token']}"), 404)
    answer = {"decision": "approved"}
    assert_problem(await api.client.post(f"/api/public/shares/{made['token']}/feedback", json=answer), 404)
    items = (await api.client.get("/api/shares", headers=headers)).json()["items"]
    assert {s["token"]: s["revoked"] for s in items} == {made["token"]: True, default["token"]: False}


async def test_only_the_owners_finished_design_can_be_shared(api: Harness):
    owner, gid = await designed(api, "owner@example.com")
    stranger = await api.user("stranger@example.com")
    refused = assert_problem(
        await api.client.post(f"/api/generations/{gid}/share", json={}, headers=stranger), 404
    )
    assert refused["detail"] == "Генерация не найдена"
    assert_problem(await api.client.post(f"/api/generations/{uuid4()}/share", json={}, headers=owner), 404)
    assert_problem(await api.client.post(f"/api/generations/{gid}/share", json={}), 401)

    pending = (await api.client.post("/api/generations", json=IDEA, headers=owner)).json()["generation"]
    busy = assert_problem(
        await api.client.post(f"/api/generations/{pending['id']}/share", json={}, headers=owner), 409
    )
    assert busy["detail"] == "Поделиться можно только готовым дизайном."

    token = (await share(api, owner, gid))["token"]
    assert_problem(await api.client.delete(f"/api/shares/{token}", headers=stranger), 404)
    assert (await api.client.get("/api/shares", headers=stranger)).json()["total"] == 0
    assert_problem(await api.client.get(f"/api/generations/{gid}/feedback", headers=stranger), 404)
    assert (await api.client.get(f"/api/public/shares/{token}")).status_code == 200  # not revoked by them


async def test_the_baker_chooses_whether_the_client_sees_the_description(api: Harness):
    headers, gid = await designed(api)
    hidden = await share(api, headers, gid, note="Цена 3500 ₽")
    shown = await share(api, headers, gid, show_description=True)
    assert (hidden["show_description"], shown["show_description"]) == (False, True)
    listed = (await api.client.get("/api/shares", headers=headers)).json()["items"]
    assert {s["token"]: s["show_description"] for s in listed} == {
        hidden["token"]: False,
        shown["token"]: True,
    }

    async def public(token: str) -> dict[str, Any]:
        return (await api.client.get(f"/api/public/shares/{token}")).json()["share"]

    assert [d["prompt_ru"] for d in (await public(hidden["token"]))["designs"]] == [None]
    assert [d["prompt_ru"] for d in (await public(shown["token"]))["designs"]] == [IDEA["prompt_ru"]]
    # the page the API writes itself (messenger previews, no SPA build) keeps it too
    page = (await api.client.get(f"/s/{hidden['token']}")).text
    assert IDEA["prompt_ru"] not in page and '<meta property="og:description" content="Цена 3500 ₽">' in page
    assert IDEA["prompt_ru"] in (await api.client.get(f"/s/{shown['token']}")).text
    refused = await api.client.post(
        f"/api/generations/{gid}/share", json={"show_description": "да"}, headers=headers
    )
    assert_problem(refused, 422)


async def test_share_input_is_validated_in_russian(api: Harness):
    headers, gid = await designed(api)
    url = f"/api/generations/{gid}/share"
    for body, field in (
        ({"expires_in_days": 0}, "expires_in_days"),
        ({"expires_in_days": 91}, "expires_in_days"),
        ({"note": "x" * 501}, "note"),
        ({"note": "цена\x00"}, "note"),
    ):
        problem = assert_problem(await api.client.post(url, json=body, headers=headers), 422)
        assert field in str(problem), (body, problem)
    kept = await share(api, headers, gid, note="  строка 1\nстрока 2  ", expires_in_days=90)
    assert kept["note"] == "строка 1\nстрока 2"
    assert (await share(api, headers, gid, note="   "))["note"] is None


async def test_a_link_expires():
    clock = FakeClock(datetime.now(UTC))
    # The app's clock, moved by the test (access tokens follow it too: log in again after a jump).
    async with harness(SETTINGS, instance(Clock, clock)) as api:
        headers, gid = await designed(api)
        token = (await share(api, headers, gid, expires_in_days=1))["token"]
        clock.advance(timedelta(days=1).total_seconds() - 60)
        assert (await api.client.get(f"/api/public/shares/{token}")).status_code == 200
        clock.advance(60)
        gone = assert_problem(await api.client.get(f"/api/public/shares/{token}"), 404)
        assert "истёк" in gone["detail"]
        answer = {"decision": "approved"}
        assert_problem(await api.client.post(f"/api/public/shares/{token}/feedback", json=answer), 404)
        assert (await api.client.get(f"/s/{token}")).status_code == 404


async def test_client_answers_and_the_owner_sees_it(api: Harness):
    headers, gid = await designed(api)
    token = (await share(api, headers, gid))["token"]
    url = f"/api/public/shares/{token}/feedback"

    first = await api.client.post(
        url, json={"decision": "changes_requested", "comment": "Больше ягод", "name": "Анна"}
    )
    assert first.status_code == 201, first.text
    fb = first.json()["feedback"]
    assert fb["decision"] == "changes_requested" and fb["comment"] == "Больше ягод" and fb["name"] == "Анна"
    assert fb["generation_id"] == gid
    second = await api.client.post(url, json={"decision": "approved", "generation_id": gid})
    assert second.status_code == 201 and second.json()["feedback"]["comment"] is None

    thread = (await api.client.get(f"/api/generations/{gid}/feedback", headers=headers)).json()["items"]
    assert [f["decision"] for f in thread] == ["changes_requested", "approved"]
    page = (await api.client.get(f"/api/public/shares/{token}")).json()["share"]
    assert [f["id"] for f in page["feedback"]] == [f["id"] for f in thread]

    summary = {"count": 2, "last_decision": "approved"}
    assert (await api.client.get(f"/api/generations/{gid}", headers=headers)).json()["generation"][
        "feedback"
    ] == summary
    gallery = (await api.client.get("/api/generations", headers=headers)).json()["items"]
    assert [g["feedback"] for g in gallery] == [summary]
    listed = (await api.client.get("/api/shares", headers=headers)).json()["items"][0]
    assert (listed["feedback_count"], listed["last_decision"]) == (2, "approved")


async def test_feedback_is_validated_in_russian(api: Harness):
    headers, gid = await designed(api)
    token = (await share(api, headers, gid))["token"]
    url = f"/api/public/shares/{token}/feedback"
    for body, field in (
        ({"decision": "maybe"}, "decision"),
        # asking for changes says which: the baker must learn what to change
        ({"decision": "changes_requested"}, "comment"),
        ({"decision": "changes_requested", "comment": " \n\t "}, "comment"),
        ({"decision": "approved", "comment": "я" * 1001}, "comment"),
        ({"decision": "approved", "name": "и" * 81}, "name"),
        ({"decision": "approved", "name": "Анна\u202e"}, "name"),
        ({"decision": "approved", "comment": "нет\x07"}, "comment"),
    ):
        problem = assert_problem(await api.client.post(url, json=body), 422)
        assert field in str(problem), (body, problem)
        assert re.search("[а-я]", problem["detail"]), problem
    elsewhere = {"decision": "approved", "generation_id": str(uuid4())}
    assert "нет в ссылке" in assert_problem(await api.client.post(url, json=elsewhere), 404)["detail"]
    assert (await api.client.get(f"/api/generations/{gid}/feedback", headers=headers)).json() == {"items": []}


async def test_the_same_answer_again_is_not_stored_twice(api: Harness):
    bus = await api.container.get(MemoryUserEvents)
    published = len(bus.published)
    await same_answer_again(api)
    assert len(bus.published) - published == 4  # the baker hears of each answer once


async def same_answer_again(api: Harness) -> None:
    headers, gid = await designed(api)
    token = (await share(api, headers, gid))["token"]
    url = f"/api/public/shares/{token}/feedback"
    changes = {"decision": "changes_requested", "comment": "Больше ягод", "name": "Анна"}

    first = await api.client.post(url, json=changes)
    assert first.status_code == 201, first.text
    # a reload or a second tap: the same words (surrounding blanks aside) answer 200 with the stored one
    again = await api.client.post(url, json={**changes, "comment": " Больше ягод\n", "generation_id": gid})
    assert again.status_code == 200 and again.json() == first.json()
    # anything different is a new answer; the latest answer is what a repeat is compared with
    renamed = await api.client.post(url, json={**changes, "name": "Анна И."})
    approved = await api.client.post(
        url, json={"decision": "approved", "comment": "Больше ягод", "name": "Анна"}
    )
    back = await api.client.post(url, json=changes)
    assert [r.status_code for r in (renamed, approved, back)] == [201, 201, 201]

    thread = (await api.client.get(f"/api/generations/{gid}/feedback", headers=headers)).json()["items"]
    assert [f["id"] for f in thread] == [r.json()["feedback"]["id"] for r in (first, renamed, approved, back)]


async def variants(api: Harness, n: int) -> tuple[dict[str, str], list[str]]:
    """A user with `n` finished variants of one submit: (auth headers, ids in seed order)."""
    headers = await api.user(f"{uuid4().hex[:8]}@example.com")
    created = await api.client.post("/api/generations", json={**IDEA, "variants": n}, headers=headers)
    assert created.status_code == 202, created.text
    await api.run_worker()
    return headers, [g["id"] for g in created.json()["generations"]]


async def test_a_link_with_variants_wants_the_chosen_one(api: Harness):
    headers, ids = await variants(api, 3)
    token = (await share(api, headers, ids[1]))["token"]
    url = f"/api/public/shares/{token}/feedback"

    page = (await api.client.get(f"/api/public/shares/{token}")).json()["share"]
    assert [d["id"] for d in page["designs"]] == [ids[1], ids[0], ids[2]]  # the shared one first
    problem = assert_problem(await api.client.post(url, json={"decision": "approved"}), 422)
    assert "выберите" in problem["detail"]
    chosen = await api.client.post(url, json={"decision": "approved", "generation_id": ids[2]})
    assert chosen.status_code == 201 and chosen.json()["feedback"]["generation_id"] == ids[2]
    # a variant deleted afterwards leaves the link; the others stay
    assert (await api.client.delete(f"/api/generations/{ids[0]}", headers=headers)).status_code == 204
    page = (await api.client.get(f"/api/public/shares/{token}")).json()["share"]
    assert [d["id"] for d in page["designs"]] == [ids[1], ids[2]]


async def test_feedback_is_rate_limited_per_address_and_per_link():
    limited = replace(SETTINGS, feedback_per_address_per_hour=2, feedback_per_link_per_hour=3)
    async with harness(limited) as api:
        headers, gid = await designed(api)
        token = (await share(api, headers, gid))["token"]
        url = f"/api/public/shares/{token}/feedback"
        answer = {"decision": "approved"}
        for i in range(2):
            assert (await api.client.post(url, json={**answer, "comment": f"ответ {i}"})).status_code == 201
        blocked = assert_problem(await api.client.post(url, json=answer), 429)
        assert blocked["detail"]
        retry = await api.client.post(url, json=answer)
        assert 1 <= int(retry.headers["retry-after"]) <= 3600

        async with api.client_from("203.0.113.7") as elsewhere:
            assert (await elsewhere.post(url, json=answer)).status_code == 201  # after «ответ 1»: a new one
        async with api.client_from("203.0.113.8") as third:
            assert (await third.post(url, json=answer)).status_code == 429  # the link's 3 an hour are used

        other_token = (await share(api, headers, gid))["token"]
        async with api.client_from("203.0.113.8") as third:
            assert (
                await third.post(f"/api/public/shares/{other_token}/feedback", json=answer)
            ).status_code == 201


async def test_a_clients_answer_reaches_the_owners_open_stream():
    async with harness(SETTINGS, stream_timings=StreamTimings(reread_s=0.05, keepalive_s=15)) as api:
        headers, gid = await designed(api)
        stranger = await api.user("stranger@example.com")
        token = (await share(api, headers, gid))["token"]
        bus = await api.container.get(MemoryUserEvents)
        owner_id, stranger_id = UUID((await api.me(headers))["id"]), UUID((await api.me(stranger))["id"])
        # httpx's ASGI transport hands a response over once it ends: the streams end with their sessions.
        owners = asyncio.create_task(api.client.get("/api/events", headers=headers))
        strangers = asyncio.create_task(api.client.get("/api/events", headers=stranger))
        await until(lambda: {owner_id, stranger_id} <= bus.subscribers.keys())

        answer = {"decision": "approved", "comment": "Отлично!", "name": "Ольга"}
        posted = await api.client.post(f"/api/public/shares/{token}/feedback", json=answer)
        assert posted.status_code == 201
        await until(lambda: len(bus.published) == 1)
        await asyncio.sleep(0.05)  # the owner's stream writes it out
        await api.set_active(str(owner_id), False)
        await api.set_active(str(stranger_id), False)
        owner_stream, stranger_stream = await asyncio.wait_for(asyncio.gather(owners, strangers), 10)

        assert owner_stream.status_code == 200
        assert owner_stream.headers["content-type"].startswith("text/event-stream")
        expected = {"type": "feedback", "generation_id": gid, "feedback": posted.json()["feedback"]}
        assert _data(owner_stream.text) == [expected]
        assert _data(stranger_stream.text) == []  # another user's stream hears nothing of it
        assert not bus.subscribers
        assert_problem(await api.client.get("/api/events"), 401)


class BrokenUserEvents:
    """A user-event listener that fails at once (its connection dropped)."""

    def __init__(self) -> None:
        self.subscribed = self.closed = 0

    @asynccontextmanager
    async def subscribe(self, user_id: UUID) -> AsyncIterator[AsyncIterator[UserEvent]]:
        async def failing() -> AsyncIterator[UserEvent]:
            raise ConnectionError("listener lost")
            yield  # type: ignore[unreachable]

        self.subscribed += 1
        try:
            yield failing()
        finally:
            self.closed += 1


async def test_the_owners_stream_closes_when_its_listener_breaks(caplog):
    """Nothing could reach it any more: it ends (the session check and keep-alives are an hour away),
    unsubscribed, so that the client reconnects and subscribes afresh."""
    broken = BrokenUserEvents()
    timings = StreamTimings(reread_s=3600, keepalive_s=3600)
    async with harness(SETTINGS, instance(UserEventStream, broken), stream_timings=timings) as api:
        headers = await api.user("owner@example.com")
        for attempt in (1, 2):  # the reconnection gets a subscription of its own
            stream = await asyncio.wait_for(api.client.get("/api/events", headers=headers), 10)
            assert stream.status_code == 200 and stream.headers["content-type"].startswith(
                "text/event-stream"
            )
            assert "connected" in stream.text and _data(stream.text) == []
            assert broken.subscribed == broken.closed == attempt
    assert any("closing" in r.getMessage() and r.exc_info for r in caplog.records)


async def until(condition: Callable[[], bool]) -> None:
    async with asyncio.timeout(10):
        while not condition():  # noqa: ASYNC110 - the conditions belong to code that signals nothing
            await asyncio.sleep(0.01)


def _data(body: str) -> list[dict[str, Any]]:
    return [json.loads(line[len("data: ") :]) for line in body.splitlines() if line.startswith("data: ")]


# The same flows over PostgreSQL: the SQL repositories (array_agg of a link's designs, the summaries'
# latest decision) and the migration's tables.
async def test_owner_flow_on_postgres(pg_api: Harness):
    await test_owner_creates_lists_and_revokes_a_link(pg_api)


async def test_only_the_owners_design_on_postgres(pg_api: Harness):
    await test_only_the_owners_finished_design_can_be_shared(pg_api)


async def test_answers_and_summaries_on_postgres(pg_api: Harness):
    await test_client_answers_and_the_owner_sees_it(pg_api)
    await test_feedback_is_validated_in_russian(pg_api)
    await same_answer_again(pg_api)


async def test_the_description_choice_on_postgres(pg_api: Harness):
    await test_the_baker_chooses_whether_the_client_sees_the_description(pg_api)


async def test_a_link_with_variants_on_postgres(pg_api: Harness):
    headers, (gid, other) = await variants(pg_api, 2)
    token = (await share(pg_api, headers, gid))["token"]

    page = (await pg_api.client.get(f"/api/public/shares/{token}")).json()["share"]
    assert [d["id"] for d in page["designs"]] == [gid, other]  # the shared design first
    url = f"/api/public/shares/{token}/feedback"
    assert_problem(await pg_api.client.post(url, json={"decision": "approved"}), 422)
    changes = {"decision": "changes_requested", "comment": "Розы крупнее", "generation_id": other}
    chosen = await pg_api.client.post(url, json=changes)
    assert chosen.status_code == 201
    listed = (await pg_api.client.get(f"/api/shares?generation_id={other}", headers=headers)).json()
    assert [s["token"] for s in listed["items"]] == [token] and listed["items"][0]["feedback_count"] == 1


async def test_the_share_page_is_the_spa_with_preview_tags(tmp_path: Path):
    index = '<!doctype html><html><head><title>Тортоделова</title></head><body><div id="root"></div></body></html>'
    (tmp_path / "index.html").write_text(index, encoding="utf-8")
    async with harness(
        replace(SETTINGS, frontend_dist=str(tmp_path), public_base_url="https://cakes.example")
    ) as api:
        headers, gid = await designed(api)
        made = await share(api, headers, gid, note="Цена <b>3500</b>")
        assert made["url"] == f"https://cakes.example/s/{made['token']}"

        page = await api.client.get(f"/s/{made['token']}")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert page.headers["x-robots-tag"] == "noindex, nofollow"
        assert '<div id="root">' in page.text and "<title>Дизайн торта — на согласование</title>" in page.text
        assert '<meta property="og:description" content="Цена &lt;b&gt;3500&lt;/b&gt;">' in page.text
        assert f'<meta property="og:url" content="{made["url"]}">' in page.text
        image = (await api.client.get(f"/api/generations/{gid}", headers=headers)).json()["generation"][
            "public_url"
        ]
        assert f'<meta property="og:image" content="{image}">' in page.text

        await api.client.delete(f"/api/shares/{made['token']}", headers=headers)
        for token in (made["token"], "no-such-token"):
            gone = await api.client.get(f"/s/{token}")
            assert gone.status_code == 404 and gone.headers["x-robots-tag"] == "noindex, nofollow"
            assert (
                '<meta name="robots" content="noindex, nofollow">' in gone.text
                and "og:image" not in gone.text
            )
            assert '<div id="root">' in gone.text  # the SPA says «not found» itself


async def test_without_a_built_spa_the_share_page_stands_alone(api: Harness):
    headers, gid = await designed(api)
    token = (await share(api, headers, gid))["token"]
    page = await api.client.get(f"/s/{token}")
    assert page.status_code == 200
    assert '<meta property="og:title" content="Дизайн торта — на согласование">' in page.text
    assert f'<meta property="og:description" content="{PLAIN_DESCRIPTION}">' in page.text
    assert "<img src=" in page.text and IDEA["prompt_ru"] not in page.text
    gone = await api.client.get("/s/unknown")
    assert gone.status_code == 404 and "Ссылка не найдена" in gone.text and "noindex" in gone.text


async def test_under_compose_the_share_page_takes_the_spa_from_the_frontend():
    """The backend image has no SPA build: SPA_INDEX_URL names the frontend's index.html."""
    fetched: list[str] = []
    spa = '<!doctype html><html><head><title>SPA</title><script src="/assets/app-1a2b.js"></script></head></html>'

    def frontend(request: httpx.Request) -> httpx.Response:
        fetched.append(str(request.url))
        return httpx.Response(200, text=spa, headers={"content-type": "text/html"})

    async with harness(replace(SETTINGS, spa_index_url="http://frontend:8080/index.html")) as api:
        (await api.container.get(SpaIndex)).transport = httpx.MockTransport(frontend)
        headers, gid = await designed(api)
        token = (await share(api, headers, gid))["token"]
        for _ in range(3):
            page = await api.client.get(f"/s/{token}")
            assert page.status_code == 200 and '<script src="/assets/app-1a2b.js">' in page.text
            assert '<meta property="og:image"' in page.text
        assert fetched == ["http://frontend:8080/index.html"]  # kept for a minute, not fetched per opening

    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("frontend is down", request=request)

    async with harness(replace(SETTINGS, spa_index_url="http://frontend:8080/index.html")) as api:
        (await api.container.get(SpaIndex)).transport = httpx.MockTransport(down)
        headers, gid = await designed(api)
        token = (await share(api, headers, gid))["token"]
        page = await api.client.get(f"/s/{token}")
        assert page.status_code == 200 and "<img src=" in page.text  # the self-contained page instead
