"""Orders on share links (issue 23): the price list, a quote on the link and its versions, the client's
approval of the shown version (name, +7 phone, consent), expiry, «Заказы» and the .ics."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import icalendar
import pytest

from tests.http.harness import SETTINGS, Harness, assert_problem, harness
from tests.http.test_shares import designed, share
from tests.support.clock import FakeClock
from tests.support.containers import instance
from tortodelova.application.ports.system import Clock

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # Monday, noon in Moscow
SATURDAY = "2026-12-12"
PRICE_LIST = {
    "name": "Торты Анны",
    "city": "Казань",
    "phone": "8 (900) 123-45-67",
    "telegram": "@anna_cakes",
    "price_per_kg": 240_000,  # 2 400 ₽
    "min_weight_g": 1500,
    "orders_per_day": 1,
    "delivery_price": 50_000,
    "fillings": [{"name": "Шоколадная", "price_per_kg": 280_000}, {"name": "Ванильная"}],
}
QUOTE = {"weight_g": 2600, "decor_price": 50_000, "date": SATURDAY}  # 6 240 ₽ + 500 ₽ decor


@pytest.fixture(params=["memory", "postgres"])
def database_url(request: pytest.FixtureRequest) -> str | None:
    return request.getfixturevalue("migrated_url") if request.param == "postgres" else None


@pytest.fixture
async def shop(database_url: str | None) -> AsyncIterator[tuple[Harness, FakeClock]]:
    """The app on a clock the test moves, over memory and over PostgreSQL (the SQL repositories)."""
    clock = FakeClock(NOW)
    async with harness(SETTINGS, instance(Clock, clock), database_url=database_url) as api:
        yield api, clock


async def baker(api: Harness, **price_list: Any) -> tuple[dict[str, str], str]:
    """A user with a price list and a finished design: (auth headers, generation id)."""
    headers, gid = await designed(api)
    saved = await api.client.put("/api/profile/bakery", json=PRICE_LIST | price_list, headers=headers)
    assert saved.status_code == 200, saved.text
    return headers, gid


async def approve(api: Harness, token: str, version: int, **extra: Any) -> Any:
    body = {"decision": "approved", "quote_version": version, "name": "Ольга"} | extra
    return await api.client.post(f"/api/public/shares/{token}/feedback", json=body)


async def orders(api: Harness, headers: dict[str, str]) -> list[dict[str, Any]]:
    response = await api.client.get("/api/orders", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def test_the_price_list_is_kept_in_kopecks_and_grams(shop):
    api, _ = shop
    headers = await api.user(f"{uuid4().hex[:8]}@example.com")
    assert (await api.client.get("/api/profile/bakery", headers=headers)).json() == {"bakery": None}
    saved = await api.client.put("/api/profile/bakery", json=PRICE_LIST, headers=headers)
    assert saved.status_code == 200, saved.text
    bakery = saved.json()["bakery"]
    assert bakery["phone"] == "+79001234567" and bakery["telegram"] == "anna_cakes"
    assert (bakery["grams_per_guest"], bakery["prepayment_percent"], bakery["lead_days"]) == (180, 50, 3)
    assert bakery["fillings"] == [
        {"name": "Шоколадная", "price_per_kg": 280_000},
        {"name": "Ванильная", "price_per_kg": None},
    ]
    assert (await api.client.get("/api/profile/bakery", headers=headers)).json()["bakery"] == bakery
    # someone else's profile is their own
    other = await api.user(f"{uuid4().hex[:8]}@example.com")
    assert (await api.client.get("/api/profile/bakery", headers=other)).json() == {"bakery": None}
    assert_problem(await api.client.get("/api/profile/bakery"), 401)

    for body, field in (
        (PRICE_LIST | {"price_per_kg": 2400.5}, "price_per_kg"),  # kopecks are whole: never rounded
        (PRICE_LIST | {"phone": "+1 202 555 0100"}, "phone"),
        (PRICE_LIST | {"phone": None, "telegram": None}, "phone"),
        (PRICE_LIST | {"prepayment_percent": 120}, "prepayment_percent"),
        (PRICE_LIST | {"fillings": [{"name": "Ваниль"}, {"name": "ваниль "}]}, "fillings[1].name"),
        ({k: v for k, v in PRICE_LIST.items() if k != "price_per_kg"}, "price_per_kg"),
    ):
        problem = assert_problem(await api.client.put("/api/profile/bakery", json=body, headers=headers), 422)
        assert field in {e["field"] for e in problem["errors"]}, (body, problem)
    assert (await api.client.get("/api/profile/bakery", headers=headers)).json()["bakery"] == bakery


async def test_a_share_carries_a_quote_priced_by_the_server_and_each_edit_is_a_version(shop):
    api, _ = shop
    headers, gid = await baker(api)
    made = await share(api, headers, gid, note="К субботе", quote=QUOTE)
    quote = made["quote"]
    assert quote["version"] == 1 and quote["status"] == "sent"
    assert (quote["weight_g"], quote["cake_price"], quote["total"], quote["prepayment"]) == (
        2600,
        624_000,
        674_000,
        337_000,
    )
    assert quote["date"] == SATURDAY and quote["delivery"] == "pickup" and quote["tiers"] == 1
    assert datetime.fromisoformat(quote["expires_at"]) == NOW + timedelta(days=3)

    public = (await api.client.get(f"/api/public/shares/{made['token']}")).json()["share"]
    assert public["quote"] == quote
    assert public["bakery"] == {
        "name": "Торты Анны",
        "city": "Казань",
        "phone": "+79001234567",
        "telegram": "anna_cakes",
    }

    url = f"/api/shares/{made['token']}/quote"
    by_guests = {"guests": 14, "tiers": 2, "fillings": ["шоколадная", "Ванильная"], "date": SATURDAY}
    changed = await api.client.put(url, json=by_guests | {"delivery": "delivery"}, headers=headers)
    assert changed.status_code == 200, changed.text
    v2 = changed.json()["quote"]
    assert v2["version"] == 2 and v2["weight_g"] == 2600 and v2["guests"] == 14  # 14 × 180 g -> 2,6 kg
    assert v2["fillings"] == ["Шоколадная", "Ванильная"] and v2["tier_prices"] == [280_000, 240_000]
    assert v2["cake_price"] == 676_000 and v2["delivery_price"] == 50_000 and v2["total"] == 726_000
    listed = (await api.client.get("/api/shares", headers=headers)).json()["items"]
    assert [s["quote"]["version"] for s in listed] == [2]
    assert (await api.client.get(f"/api/public/shares/{made['token']}")).json()["share"]["quote"] == v2

    plain = await share(api, headers, gid)
    assert plain["quote"] is None
    added = await api.client.put(f"/api/shares/{plain['token']}/quote", json=QUOTE, headers=headers)
    assert added.json()["quote"]["version"] == 1


async def test_a_bad_quote_changes_nothing(shop):
    api, _ = shop
    headers, gid = await baker(api)
    url = f"/api/generations/{gid}/share"
    for body, status, field in (
        ({"quote": QUOTE | {"date": "2026-12-09"}}, 422, "quote.date"),  # lead time: 10 December
        ({"quote": QUOTE | {"date": "2026-13-01"}}, 422, "quote.date"),
        ({"quote": QUOTE | {"guests": 10}}, 422, "quote.weight_g"),
        ({"quote": QUOTE | {"weight_g": 2.6}}, 422, "quote.weight_g"),
        ({"quote": QUOTE | {"fillings": ["Клубничная"]}}, 422, "quote.fillings[0]"),
        ({"quote": QUOTE | {"tiers": 6}}, 422, "quote.tiers"),
        ({"quote": QUOTE | {"decor_price": -100}}, 422, "quote.decor_price"),
        ({"quote": QUOTE | {"delivery": "courier"}}, 422, "quote.delivery"),
        ({"quote": {"weight_g": 2000}}, 422, "quote.date"),
    ):
        problem = assert_problem(await api.client.post(url, json=body, headers=headers), status)
        fields = {e["field"] for e in problem["errors"]}
        assert any(f.endswith(field.split(".")[-1]) for f in fields), (body, problem)
    assert (await api.client.get("/api/shares", headers=headers)).json()["total"] == 0

    no_list, other_gid = await designed(api)
    missing = assert_problem(
        await api.client.post(f"/api/generations/{other_gid}/share", json={"quote": QUOTE}, headers=no_list),
        409,
    )
    assert "прайс-лист" in missing["detail"]
    assert (await api.client.get("/api/shares", headers=no_list)).json()["total"] == 0

    token = (await share(api, headers, gid, quote=QUOTE))["token"]
    refused = await api.client.put(
        f"/api/shares/{token}/quote", json=QUOTE | {"date": "2026-12-08"}, headers=headers
    )
    assert_problem(refused, 422)
    public = (await api.client.get(f"/api/public/shares/{token}")).json()["share"]
    assert public["quote"]["version"] == 1


async def test_the_client_approves_the_shown_version_and_an_old_one_is_409(shop):
    api, clock = shop
    headers, gid = await baker(api)
    token = (await share(api, headers, gid, quote=QUOTE))["token"]

    approved = await approve(api, token, 1, phone="+7 900 765-43-21", consent=True)
    assert approved.status_code == 201, approved.text
    assert approved.json()["feedback"]["quote_version"] == 1
    assert "phone" not in approved.json()["feedback"]  # a phone never goes back out on the link
    [order] = await orders(api, headers)
    assert order["status"] == "approved" and order["client"]["name"] == "Ольга"
    assert order["client"]["phone"] == "+79007654321"
    assert datetime.fromisoformat(order["client"]["consent_at"]) == NOW

    headers = await later(api, clock, headers, 3600)
    changed = await api.client.put(
        f"/api/shares/{token}/quote", json=QUOTE | {"decor_price": 80_000}, headers=headers
    )
    assert changed.json()["quote"]["status"] == "reapproval"
    [order] = await orders(api, headers)
    assert order["status"] == "reapproval" and order["quote"]["total"] == 704_000
    page = (await api.client.get(f"/api/public/shares/{token}")).json()["share"]
    assert page["quote"]["version"] == 2 and page["quote"]["status"] == "reapproval"

    stale = assert_problem(await approve(api, token, 1), 409)
    assert stale["type"].endswith("quote_outdated") and "изменил" in stale["detail"]
    assert (await approve(api, token, 2)).status_code == 201
    [order] = await orders(api, headers)
    assert order["status"] == "approved" and order["quote"]["version"] == 2


async def later(api: Harness, clock: FakeClock, headers: dict[str, str], seconds: float) -> dict[str, str]:
    """Moves the clock; the access token expires with it, so the user signs in again."""
    email = str((await api.me(headers))["email"])
    clock.advance(seconds)
    return api.bearer((await api.login(email)).json()["access_token"])


async def test_phone_consent_name_and_version_are_checked_and_nothing_is_stored_on_refusal(shop):
    api, _ = shop
    headers, gid = await baker(api)
    token = (await share(api, headers, gid, quote=QUOTE))["token"]
    for extra, field in (
        ({"phone": "+7 900 765-43-2"}, "phone"),
        ({"phone": "+44 20 7946 0958", "consent": True}, "phone"),
        ({"phone": "+7 900 765-43-21"}, "consent"),
        ({"phone": "+7 900 765-43-21", "consent": False}, "consent"),
        ({"name": None}, "name"),
        ({"quote_version": None}, "quote_version"),
        ({"quote_version": 7}, "quote_version"),
    ):
        problem = assert_problem(await approve(api, token, 1, **extra), 422)
        assert field in {e["field"] for e in problem["errors"]}, (extra, problem)
    assert (await api.client.get(f"/api/generations/{gid}/feedback", headers=headers)).json() == {"items": []}
    [order] = await orders(api, headers)
    assert order["status"] == "sent" and order["client"] == {"name": None, "phone": None, "consent_at": None}
    # A plain link (no order) takes no version; asking for changes needs none on an order either.
    plain = (await share(api, headers, gid))["token"]
    assert_problem(await approve(api, plain, 1), 422)
    changes = {"decision": "changes_requested", "comment": "Больше ягод"}
    asked = await api.client.post(f"/api/public/shares/{token}/feedback", json=changes)
    assert asked.status_code == 201 and asked.json()["feedback"]["quote_version"] == 1
    [order] = await orders(api, headers)
    assert order["status"] == "changes_requested"


async def test_an_expired_quote_can_be_seen_but_not_approved(shop):
    api, clock = shop
    headers, gid = await baker(api)
    token = (await share(api, headers, gid, quote=QUOTE | {"expires_in_days": 1}))["token"]
    headers = await later(api, clock, headers, timedelta(days=1).total_seconds())
    page = await api.client.get(f"/api/public/shares/{token}")
    assert page.status_code == 200 and page.json()["share"]["quote"]["status"] == "expired"
    expired = assert_problem(await approve(api, token, 1), 409)
    assert expired["type"].endswith("quote_expired")
    [order] = await orders(api, headers)
    assert order["status"] == "expired"
    # A new version (a new date: lead time counts from the new today) can be approved again.
    renewed = await api.client.put(f"/api/shares/{token}/quote", json=QUOTE, headers=headers)
    assert renewed.json()["quote"]["status"] == "sent"
    assert (await approve(api, token, 2)).status_code == 201


async def test_another_users_share_is_404_for_every_order_endpoint(shop):
    api, _ = shop
    owner, gid = await baker(api)
    stranger, _ = await baker(api)
    token = (await share(api, owner, gid, quote=QUOTE))["token"]
    for method, path, body in (
        ("PUT", f"/api/shares/{token}/quote", QUOTE),
        ("GET", f"/api/shares/{token}/calendar.ics", None),
        ("PUT", "/api/shares/no-such-token/quote", QUOTE),
        ("GET", "/api/shares/no-such-token/calendar.ics", None),
    ):
        assert_problem(await api.client.request(method, path, json=body, headers=stranger), 404)
    assert await orders(api, stranger) == []
    assert (await api.client.get(f"/api/public/shares/{token}")).json()["share"]["quote"]["version"] == 1
    plain = (await share(api, owner, gid))["token"]
    assert_problem(await api.client.get(f"/api/shares/{plain}/calendar.ics", headers=owner), 404)
    assert_problem(await api.client.put(f"/api/shares/{token}/quote", json=QUOTE), 401)

    await api.client.delete(f"/api/shares/{token}", headers=owner)
    closed = assert_problem(
        await api.client.put(f"/api/shares/{token}/quote", json=QUOTE, headers=owner), 409
    )
    assert closed["type"].endswith("share_closed")
    assert [o["token"] for o in await orders(api, owner)] == []  # a revoked link is no order


async def test_orders_come_by_date_and_a_day_over_capacity_is_marked(shop):
    api, clock = shop
    headers, gid = await baker(api)  # one order a day
    made = []
    for quote in (
        QUOTE | {"date": "2026-12-19"},
        QUOTE,
        QUOTE | {"weight_g": 3000},
        QUOTE | {"date": "2026-12-19", "expires_in_days": 1},
    ):
        made.append(await share(api, headers, gid, quote=quote))
        clock.advance(1)  # the same day's orders come in the order they were made
    week_on, first, second, brief = made

    items = await orders(api, headers)
    assert [o["token"] for o in items] == [first["token"], second["token"], week_on["token"], brief["token"]]
    assert [o["over_capacity"] for o in items] == [True, True, True, True]
    assert items[0]["url"].endswith(f"/s/{first['token']}") and items[0]["image_url"]
    assert items[0]["quote"]["total"] == 674_000 and items[0]["quote"]["prepayment"] == 337_000

    headers = await later(api, clock, headers, timedelta(days=1).total_seconds())  # `brief` expires
    items = await orders(api, headers)
    assert {o["token"]: (o["status"], o["over_capacity"]) for o in items} == {
        first["token"]: ("sent", True),
        second["token"]: ("sent", True),
        week_on["token"]: ("sent", False),
        brief["token"]: ("expired", False),
    }
    page = (await api.client.get("/api/orders?limit=2&offset=1", headers=headers)).json()
    assert page["total"] == 4 and [o["token"] for o in page["items"]] == [second["token"], week_on["token"]]
    assert_problem(await api.client.get("/api/orders?limit=0", headers=headers), 422)


async def test_the_order_goes_to_a_calendar_as_an_ics_file(shop):
    api, _ = shop
    headers, gid = await baker(api)
    token = (await share(api, headers, gid, quote=QUOTE | {"note": "Надпись «С днём рождения»"}))["token"]
    assert (await approve(api, token, 1, phone="89007654321", consent=True)).status_code == 201

    response = await api.client.get(f"/api/shares/{token}/calendar.ics", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    assert (
        "attachment" in response.headers["content-disposition"]
        and ".ics" in response.headers["content-disposition"]
    )

    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["version"] == "2.0" and calendar["x-wr-timezone"] == "Europe/Moscow"
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["tzid"] == "Europe/Moscow"
    [event] = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == date(2026, 12, 12) and event.decoded("dtend") == date(2026, 12, 13)
    assert str(event["summary"]) == "Торт 2,6\u00a0кг — Ольга"
    text = str(event["description"]).replace("\u00a0", " ")
    assert "6 740 ₽" in text and "предоплата 3 370 ₽" in text and "согласован" in text
    assert "+7 900 765-43-21" in text and "С днём рождения" in text
    assert str(event["url"]) == f"http://testserver/s/{token}"
    assert event["status"] == "CONFIRMED" and int(event["sequence"]) == 1
    assert str(event["uid"]) == f"order-{token}@tortodelova"


async def test_concurrent_changes_get_consecutive_versions_and_answers_meet_one_of_them(migrated_url: str):
    """On PostgreSQL: the link's row lock orders the baker's edits and the client's approvals, so every
    edit gets the next version (no duplicate key, no gap) and an approval is of the version current
    when it is stored, or refused with 409."""
    async with harness(SETTINGS, instance(Clock, FakeClock(NOW)), database_url=migrated_url) as api:
        headers, gid = await baker(api)
        token = (await share(api, headers, gid, quote=QUOTE))["token"]
        url = f"/api/shares/{token}/quote"
        edits = [
            api.client.put(url, json=QUOTE | {"decor_price": 100 * i}, headers=headers) for i in range(8)
        ]
        answers = [approve(api, token, 1) for _ in range(4)]
        results = await asyncio.gather(*edits, *answers)

        assert [r.status_code for r in results[:8]] == [200] * 8, [r.text for r in results[:8]]
        assert sorted(r.json()["quote"]["version"] for r in results[:8]) == list(range(2, 10))
        statuses = [r.status_code for r in results[8:]]
        assert set(statuses) <= {201, 409}, [r.text for r in results[8:]]
        thread = (await api.client.get(f"/api/generations/{gid}/feedback", headers=headers)).json()["items"]
        assert len(thread) == statuses.count(201) and all(f["quote_version"] == 1 for f in thread)
        [order] = await orders(api, headers)
        assert order["quote"]["version"] == 9
        assert order["status"] == ("reapproval" if thread else "sent")


def visible(html: str) -> str:
    """The page's text as a reader without scripts gets it: tags dropped, no-break spaces as spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " ")


async def test_the_client_page_shows_the_order_without_javascript(tmp_path: Path):
    index = '<!doctype html><html><head><title>Тортоделова</title></head><body><div id="root"></div></body></html>'
    (tmp_path / "index.html").write_text(index, encoding="utf-8")
    clock = FakeClock(NOW)
    for dist in (str(tmp_path), ""):  # the built SPA's index.html, and the page that stands alone
        async with harness(replace(SETTINGS, frontend_dist=dist), instance(Clock, clock)) as api:
            headers, gid = await baker(api)
            note = {"note": "Надпись <b>«Оле 5 лет»</b>"}
            token = (await share(api, headers, gid, quote=QUOTE | {"tiers": 2} | note))["token"]
            response = await api.client.get(f"/s/{token}")
            assert response.status_code == 200
            page = response.text
            text = visible(page.split("<body>", 1)[1])
            for shown in ("2,6 кг", "6 740 ₽", "3 370 ₽", "12 декабря, суббота", "Ярусов 2", "самовывоз"):
                assert shown in text, (dist, shown, text)
            assert "Торты Анны, Казань" in text and "+7 900 123-45-67" in text and "@anna_cakes" in text
            assert "&lt;b&gt;«Оле 5 лет»&lt;/b&gt;" in page and "<b>«Оле" not in page  # escaped
            card = page[page.index('<section class="order-card"') : page.index("</section>")]
            assert "style=" not in card and "<script" not in card
            description = re.search(r'<meta property="og:description" content="([^"]*)"', page)
            assert description and visible(description.group(1)).startswith(
                "Заказ: 2,6 кг · 6 740 ₽ · 12 декабря, суббота."
            )
            if dist:
                assert '<div id="root"></div>' in page and "<noscript>" in page  # the SPA draws it itself
            plain_token = (await share(api, headers, gid))["token"]
            assert "order-card" not in (await api.client.get(f"/s/{plain_token}")).text


async def test_admin_monitoring_counts_the_orders_and_the_bakers_who_have_them(pg_api: Harness):
    api = pg_api
    admin = await api.admin()
    for n in (2, 1):
        headers, gid = await baker(api)
        soon = {"date": (datetime.now(UTC) + timedelta(days=10)).date().isoformat()}  # the real clock here
        tokens = [(await share(api, headers, gid, quote=QUOTE | soon))["token"] for _ in range(n)]
        await share(api, headers, gid)  # a link without an order is no order
    await api.client.delete(f"/api/shares/{tokens[0]}", headers=headers)  # nor is a revoked one
    stats = (await api.client.get("/api/admin/stats", headers=admin)).json()
    assert (stats["orders_total"], stats["order_bakers"]) == (2, 1)
