"""Structured logs: JSON lines with the standard fields and extras; one access-log line per request."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from tests.http.harness import Harness
from tortodelova.entrypoints.config.logging_setup import JsonFormatter, configure_logging


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("uvicorn.access").disabled = False


def test_json_format_writes_one_object_per_line(restore_logging: None, capsys: pytest.CaptureFixture[str]):
    configure_logging("INFO", "json")
    log = logging.getLogger("tortodelova.test")
    log.info("генерация %s готова", "abc", extra={"request_id": "abc", "credits": 10})
    log.debug("not shown at INFO")
    try:
        raise ValueError("boom")
    except ValueError:
        log.exception("failed")
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["message"] == "генерация abc готова" and first["level"] == "INFO"
    assert first["logger"] == "tortodelova.test" and first["timestamp"].endswith("+00:00")
    assert first["request_id"] == "abc" and first["credits"] == 10
    assert second["level"] == "ERROR" and "ValueError: boom" in second["exc_info"]


def test_text_format_and_bad_format(restore_logging: None, capsys: pytest.CaptureFixture[str]):
    configure_logging("warning", "text")
    logging.getLogger("x").warning("hello", extra={"status": 201})
    err = capsys.readouterr().err
    assert "WARNING x: hello (status=201)" in err
    with pytest.raises(ValueError):
        configure_logging("INFO", "xml")


async def test_every_request_gets_an_access_log_line(api: Harness):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    access = logging.getLogger("tortodelova.access")
    access.addHandler(handler)
    access.setLevel(logging.INFO)
    try:
        headers = await api.user("baker@example.com")
        user_id = (await api.me(headers))["id"]
        await api.client.get("/api/nope")
    finally:
        access.removeHandler(handler)
    entries = [json.loads(line) for line in stream.getvalue().splitlines()]
    by_path = {(e["method"], e["path"]): e for e in entries}
    me = by_path[("GET", "/api/me")]
    assert me["status"] == 200 and me["user_id"] == user_id and me["route"] == "/api/me"
    assert isinstance(me["duration_ms"], float) and me["duration_ms"] >= 0
    assert by_path[("POST", "/api/auth/register")]["status"] == 201
    assert by_path[("POST", "/api/auth/register")]["user_id"] is None
    assert by_path[("GET", "/api/nope")]["status"] == 404
