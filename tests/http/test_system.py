"""Health, readiness, metrics, the OpenAPI schema, framework errors as problems, the SPA fallback."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from pathlib import Path

import pytest
from dishka import Provider, Scope, provide
from litestar.routes import HTTPRoute

from tests.http.harness import SETTINGS, Harness, assert_problem, harness
from tortodelova.application.ports.stats import Stats
from tortodelova.application.use_cases.admin.get_stats import GetStats
from tortodelova.entrypoints.ioc.readiness_checks import DEMO_WARNING, MlEngineInfo, Readiness


async def test_health(api: Harness):
    response = await api.client.get("/api/health")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


async def test_ready_in_demo_mode_is_ready_and_says_so():
    async with harness(replace(SETTINGS, ready_cache_seconds=0)) as api:
        response = await api.client.get("/api/ready")
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["status"] == "ok"
        assert body["database"]["status"] == "ok" and body["storage"]["status"] == "ok"
        assert body["ml_engine"] == {
            "mode": "demo",
            "translator": SETTINGS.translator_model,
            "generator": SETTINGS.generator_model,
            "warning": DEMO_WARNING,
            "drafts": True,  # the demo engine has a tiny stand-in LCM-LoRA
        }
        assert "ДЕМО" in body["ml_engine"]["warning"] and "DEMO" in body["ml_engine"]["warning"]
        assert body["workers"] == {"status": "none", "alive": 0}

        await api.run_worker(worker_id="gpu-7")
        response = await api.client.get("/api/ready")
        assert response.json()["workers"] == {"status": "ok", "alive": 1}
        assert "gpu-7" not in response.text  # host ids are for admins only (statistics: PostgreSQL)


async def test_admins_see_the_worker_ids_that_ready_hides(pg_api: Harness):
    await pg_api.run_worker(worker_id="gpu-ready-test")
    assert "gpu-ready-test" not in (await pg_api.client.get("/api/ready")).text
    admin = await pg_api.admin("ready-admin@example.com")
    stats = (await pg_api.client.get("/api/admin/stats", headers=admin)).json()
    assert "gpu-ready-test" in [w["id"] for w in stats["workers"]]


class CountingReadiness(Provider):
    scope = Scope.APP

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    @provide
    def readiness(self) -> Readiness:
        async def database() -> str:
            self.calls += 1
            await asyncio.sleep(0.01)  # a burst arrives while the first check is in flight
            return "ok"

        return Readiness(checks={"database": database}, ml=MlEngineInfo.real("mt", "sd"))


async def test_ready_answers_a_burst_from_one_round_of_checks():
    counting = CountingReadiness()
    async with harness(replace(SETTINGS, ready_cache_seconds=60), counting) as api:
        answers = await asyncio.gather(*(api.client.get("/api/ready") for _ in range(20)))
        assert {r.status_code for r in answers} == {200}
        assert (await api.client.get("/api/ready")).json()["database"] == {"status": "ok"}
        assert counting.calls == 1


class BrokenStorage(Provider):
    scope = Scope.APP

    @provide
    def readiness(self) -> Readiness:
        async def ok() -> str:
            return "ok"

        async def broken() -> str:
            raise ConnectionRefusedError("s3 at 10.0.0.5:9000 with key AKIA... refused")

        return Readiness(checks={"database": ok, "storage": broken}, ml=MlEngineInfo.real("mt", "sd"))


async def test_ready_is_503_when_a_check_fails_without_leaking_its_message():
    async with harness(SETTINGS, BrokenStorage()) as api:
        response = await api.client.get("/api/ready")
        assert response.status_code == 503
        body = response.json()
        assert body["status"] == "fail" and body["database"] == {"status": "ok"}
        assert body["storage"] == {"status": "error", "error": "ConnectionRefusedError"}
        assert body["ml_engine"]["mode"] == "real" and body["ml_engine"]["warning"] is None
        assert "10.0.0.5" not in response.text


async def test_metrics_expose_requests_queue_and_durations(pg_api: Harness):
    api = pg_api
    user = await api.user("baker@example.com")
    await api.client.post("/api/generations", json={"prompt_ru": "торт", "style": "kids"}, headers=user)
    await api.run_worker()
    await api.client.post("/api/generations", json={"prompt_ru": "торт", "style": "kids"}, headers=user)
    await api.client.get("/api/nope")
    await api.buy(user, "pack-30")
    await api.buy(user, "pack-100", decision="decline")
    response = await api.client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    for name in (
        "tortodelova_http_requests_total",
        "tortodelova_http_request_duration_seconds_bucket",
        "tortodelova_queue_depth",
        "tortodelova_generations_processing",
        "tortodelova_generations",
        "tortodelova_generation_duration_seconds_bucket",
        "tortodelova_generation_duration_seconds_count",
        "tortodelova_stats_up",
    ):
        assert re.search(rf"^{name}[{{ ]", text, re.M), name
    assert 'tortodelova_http_requests_total{method="POST",route="/api/generations",status="202"} 2.0' in text
    assert 'route="unmatched",status="404"' in text  # unknown paths do not become labels
    assert re.search(r"^tortodelova_queue_depth 1\.0$", text, re.M)
    assert re.search(r'^tortodelova_generations\{status="success"\} 1\.0$', text, re.M)
    assert re.search(r"^tortodelova_generation_duration_seconds_count 1\.0$", text, re.M)
    assert re.search(r'^tortodelova_generation_duration_seconds_bucket\{le="\+Inf"\} 1\.0$', text, re.M)
    assert re.search(r'^tortodelova_payments_total\{status="succeeded"\} 1\.0$', text, re.M)
    assert re.search(r'^tortodelova_payments_total\{status="canceled"\} 1\.0$', text, re.M)
    assert re.search(r'^tortodelova_payments_total\{status="refunded"\} 0\.0$', text, re.M)


class FailingStats(Provider):
    scope = Scope.REQUEST

    @provide
    def stats(self) -> GetStats:
        class Broken:
            async def __call__(self) -> Stats:
                raise RuntimeError("password=hunter2 at db.internal")

        return Broken()  # type: ignore[return-value]


async def test_unexpected_errors_are_500_problems_without_internals():
    async with harness(SETTINGS, FailingStats()) as api:
        admin = await api.admin()
        response = await api.client.get("/api/admin/stats", headers=admin)
        body = assert_problem(response, 500)
        assert "hunter2" not in response.text and "Traceback" not in response.text
        assert body["type"] == "about:blank"
        metrics = await api.client.get("/metrics")  # still served, with the statistics marked down
        assert metrics.status_code == 200 and "tortodelova_stats_up 0.0" in metrics.text


async def test_unknown_routes_and_methods_are_problems(api: Harness):
    assert_problem(await api.client.get("/api/nope"), 404)
    assert_problem(await api.client.post("/api/nope", json={}), 404)
    not_allowed = await api.client.delete("/api/balance")
    assert_problem(not_allowed, 405)
    assert "GET" in not_allowed.headers["allow"]
    assert_problem(await api.client.get("/gallery"), 404)  # no SPA configured in this app


async def test_openapi_schema_documents_every_route(api: Harness):
    response = await api.client.get("/api/schema/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    documented = {(m.upper(), p) for p, ops in schema["paths"].items() for m in ops}
    served = {
        (m, route.path.replace(":uuid", ""))
        for route in api.app.routes
        # the schema's own pages, the share links' HTML page (for people and crawlers, not clients)
        # and the sandbox's test checkout (for people)
        if isinstance(route, HTTPRoute) and not route.path.startswith(("/api/schema", "/s/", "/pay/sandbox/"))
        for m in route.methods
        if m not in ("HEAD", "OPTIONS")
    }
    served = {(m, re.sub(r"\{(\w+):\w+\}", r"{\1}", p)) for m, p in served}
    assert served == documented
    assert schema["components"]["securitySchemes"]["BearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
    }
    me = schema["paths"]["/api/me"]["get"]
    assert me["security"] == [{"BearerAuth": []}]
    assert "application/problem+json" in me["responses"]["401"]["content"]
    assert set(schema["paths"]["/api/generations"]["post"]["responses"]) >= {
        "202",
        "400",
        "401",
        "402",
        "422",
    }
    for path in ("/api/schema", "/api/schema/swagger"):
        ui = await api.client.get(path)
        assert ui.status_code == 200 and "text/html" in ui.headers["content-type"]
        # the UI's scripts come from this server, not a CDN: the docs work offline
        assert "/api/schema/assets/swagger-ui-bundle.js" in ui.text and "cdn" not in ui.text.lower()
    script = await api.client.get("/api/schema/assets/swagger-ui-bundle.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]


async def test_spa_is_served_with_history_fallback(tmp_path: Path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>Тортоделова</title>", encoding="utf-8")
    (tmp_path / "assets" / "app-3f2a.js").write_text("console.log('hi')")
    (tmp_path / "favicon.svg").write_text("<svg/>")
    async with harness(replace(SETTINGS, frontend_dist=str(tmp_path))) as api:
        for path in ("/", "/gallery", "/admin/users", "/history?tab=2"):
            page = await api.client.get(path)
            assert page.status_code == 200 and "Тортоделова" in page.text, path
            assert page.headers["content-type"] == "text/html; charset=utf-8"
            assert page.headers["cache-control"] == "no-cache"
        asset = await api.client.get("/assets/app-3f2a.js")
        assert asset.text == "console.log('hi')" and "immutable" in asset.headers["cache-control"]
        assert "javascript" in asset.headers["content-type"]
        assert (await api.client.get("/favicon.svg")).headers["content-type"].startswith("image/svg")
        assert (
            "Тортоделова" in (await api.client.get("/assets/../../../etc/passwd")).text
        )  # never outside dist
        assert_problem(await api.client.get("/api/nope"), 404)
        assert_problem(await api.client.get("/api"), 404)
        assert_problem(await api.client.post("/gallery"), 404)
        assert (await api.client.get("/api/health")).json() == {"status": "ok"}


async def test_options_lists_every_method_of_the_path(api: Harness):
    headers = await api.user("baker@example.com")
    response = await api.client.options("/api/generations", headers=headers)
    assert response.status_code == 204
    assert response.headers["allow"] == "GET, OPTIONS, POST"


async def test_startup_fails_fast_without_readiness():
    from tests.support.memory_providers import memory_providers
    from tortodelova.entrypoints.http.app import create_app
    from tortodelova.entrypoints.http.provider import HttpProvider
    from tortodelova.entrypoints.ioc import build_container

    container = build_container(SETTINGS, *memory_providers(), HttpProvider())  # no Readiness provider
    app = create_app(container, SETTINGS)
    with pytest.raises(Exception, match="Readiness"):
        for hook in app.on_startup:
            await hook()
    await container.close()


async def test_readiness_judges_each_check():
    import asyncio

    async def ok() -> dict[str, str]:
        return {"status": "ok", "version": "16"}

    async def degraded() -> dict[str, str]:
        return {"status": "degraded"}

    async def hangs() -> bool:
        await asyncio.Event().wait()
        return True

    async def false() -> bool:
        return False

    ml = MlEngineInfo.demo("mt", "sd")
    report = await Readiness(checks={"database": ok}, ml=ml).report()
    assert report.ready and report.checks == {"database": {"status": "ok", "version": "16"}}
    for check, expected in (
        (degraded, {"status": "degraded"}),
        (hangs, {"status": "timeout"}),
        (false, {"status": "fail"}),
    ):
        report = await Readiness(checks={"database": ok, "storage": check}, ml=ml, timeout_s=0.01).report()
        assert not report.ready and report.checks["storage"] == expected
    # Informational entries are reported but never make it unready; demo mode is not a failure.
    report = await Readiness(checks={"database": ok}, ml=ml).report({"workers": false})
    assert (
        report.ready and report.checks["workers"] == {"status": "fail"} and report.ml_engine["mode"] == "demo"
    )
