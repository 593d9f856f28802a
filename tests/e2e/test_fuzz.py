"""Schemathesis against the service as `make dev` runs it (PostgreSQL, S3, a demo worker), as a plain
user and as an admin: every documented operation, every phase (examples, boundary coverage, fuzzing,
stateful), positive and negative data, every check. No 5xx, every answer the schema describes, every
request the schema allows accepted, every request it forbids refused.

Requests the schema allows may still break a rule no JSON Schema can state: the credits available,
an Idempotency-Key's first body, date_from after date_to, text lengths and patterns judged on the
NFC-normalised text, steps and guidance within the ranges of the
chosen quality (a draft: 4-8 steps, guidance 1-2), a print's sizes per layout and on A4, the starting-picture rules (strength with init_image
and only with it, init_image naming exactly one of upload_id / generation_id, a mask only with
init_image; unknown picture ids are 404, which the check accepts anyway), and the order rules of issue 23
(an order card needs a price list, a price list needs a phone or a Telegram username and names each
filling once, an answer's phone needs consent). Such an answer passes only as the documented
problem for that rule, and only when the request really breaks it (`_breaks_a_stateful_rule`)."""

from __future__ import annotations

import time
import unicodedata
from datetime import date, timedelta
from typing import Any

import httpx
import jsonschema_rs
import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import AcceptedNegativeData
from schemathesis.core.parameters import ParameterLocation
from schemathesis.engine import Status
from schemathesis.engine.events import FatalError, NonFatalError, ScenarioFinished
from schemathesis.openapi.checks import RejectedPositiveData
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from tests.e2e.client import login, register_and_login
from tests.support.stack import RunningStack
from tortodelova.domain.bakery import LEAD_DAYS_MAX
from tortodelova.domain.generation import (
    DRAFT_GUIDANCE_MAX,
    DRAFT_GUIDANCE_MIN,
    DRAFT_STEPS_MAX,
    DRAFT_STEPS_MIN,
    GUIDANCE_MAX,
    GUIDANCE_MIN,
    STEPS_MAX,
    STEPS_MIN,
)
from tortodelova.domain.quotes import DATE_AHEAD_MAX_DAYS
from tortodelova.entrypoints.http.params import query_datetime

pytestmark = pytest.mark.xdist_group("stack")

SCHEMA_PATH = "/api/schema/openapi.json"
MAX_EXAMPLES = 8  # per operation and phase: both roles together stay around two minutes on 2 cores


def _problem(response: Any) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _breaks_a_stateful_rule(case: Any, response: Any) -> bool:
    problem, status = _problem(response), response.status_code
    code = str(problem.get("type", "")).rsplit(":", 1)[-1]
    if status == 402 and code == "insufficient_credits":
        return True
    if status == 422 and code in ("not_an_image", "too_many_pixels"):
        # the schema says binary; that the bytes are a JPEG/PNG/WebP picture of at most 40 MP is
        # only known by decoding them (docs/API.md, POST /api/uploads)
        return True
    headers = {k.lower(): v for k, v in (case.headers or {}).items()}
    if status == 422 and code == "idempotency_mismatch":
        return "idempotency-key" in headers
    if status == 422 and [e.get("field") for e in problem.get("errors", [])] == ["date_from"]:
        query = case.query or {}
        start, end = (
            query_datetime("date_from", query.get("date_from")),
            query_datetime("date_to", query.get("date_to")),
        )
        return start is not None and end is not None and start > end
    fields = {e.get("field") for e in problem.get("errors", [])}
    body = case.body if isinstance(case.body, dict) else {}
    if status == 422 and fields and _body_is_valid(case, body) and _body_is_valid(case, _nfc(body)) is False:
        return True  # text within the schema as sent, outside it once NFC-normalised
    if status == 422 and fields == {"pack_id"} and case.path == "/api/balance/top-up":
        return True  # the packs on sale are this server's CREDIT_PACKS (GET /api/payments/packs)
    if status == 403 and case.path == "/api/payments/yookassa/webhook":
        return True  # only YooKassa's addresses may notify; the fuzzer calls from loopback
    if status == 409 and code == "bakery_missing":
        # an order card needs the caller's price list first (docs/API.md, «Orders»)
        return isinstance(body.get("quote"), dict) or case.path.startswith("/api/shares/")
    if status == 409 and code in ("share_closed", "quote_outdated", "quote_expired"):
        return True  # the link's state: revoked or expired, or its order changed or expired since
    if (
        status == 422
        and "/api/public/shares/" in case.path
        and fields <= {"quote_version", "consent", "generation_id", "comment"}
    ):
        return _breaks_an_answer_rule(body, fields)
    if status == 422 and case.path == "/api/profile/bakery" and fields:
        return _breaks_a_price_list_rule(body, fields)
    if status == 422 and case.path.endswith("/print"):
        return _breaks_a_print_rule(body, fields)
    if status == 422 and fields and any(f.startswith("quote.") for f in fields):
        # the order card of a new link (body.quote) or a new version of one (PUT .../quote: the body)
        order = body.get("quote") if isinstance(body.get("quote"), dict) else body
        return _breaks_an_order_rule(order, {f.removeprefix("quote.") for f in fields})
    if status == 422 and fields <= {"steps", "guidance"}:
        return _outside_the_quality_ranges(body)
    if status == 422 and fields <= {"steps", "guidance", "strength", "init_image", "mask_upload_id"}:
        return (
            not fields & {"steps", "guidance"} or _outside_the_quality_ranges(body)
        ) and _breaks_a_picture_rule(body)
    return False


def _breaks_an_answer_rule(body: dict[str, Any], fields: set[str]) -> bool:
    """An answer on a link: a version only where the link has an order (the fuzzer's links have none),
    consent whenever a phone is given, a variant chosen where there are several (issue 23); asking for
    changes says what in a comment (issue 20)."""
    comment = body.get("comment")
    blank = not (comment.strip() if isinstance(comment, str) else comment)
    return (
        ("quote_version" not in fields or body.get("quote_version") is not None)
        and ("consent" not in fields or (bool(body.get("phone")) and not body.get("consent")))
        and ("generation_id" not in fields or body.get("generation_id") is None)
        and ("comment" not in fields or (body.get("decision") == "changes_requested" and blank))
    )


def _breaks_an_order_rule(order: dict[str, Any], fields: set[str]) -> bool:
    """An order card's rules the schema cannot state (issue 23, docs/API.md «Orders»): the date from
    today + the price list's lead time (at most LEAD_DAYS_MAX) up to DATE_AHEAD_MAX_DAYS ahead, a
    weight or a number of guests (one of them), delivery only where the price list prices it, one
    filling per tier from the price list (the fuzzer's list is whatever it last saved)."""

    def justified(field: str) -> bool:
        if field == "date":
            try:
                day = date.fromisoformat(order["date"])
            except (TypeError, KeyError, ValueError):
                return False
            today = date.today()
            return (
                not today + timedelta(days=LEAD_DAYS_MAX + 1)
                <= day
                <= today + timedelta(days=DATE_AHEAD_MAX_DAYS - 1)
            )
        if field in ("weight_g", "guests"):
            return (order.get("weight_g") is None) == (order.get("guests") is None)
        if field == "delivery":
            return order.get("delivery") == "delivery"
        return field == "fillings" or field.startswith("fillings[")

    return all(justified(field) for field in fields)


def _breaks_a_price_list_rule(body: dict[str, Any], fields: set[str]) -> bool:
    """The price list (issue 23): a phone or a Telegram username, fillings named once (any case)."""
    fillings = [f for f in body.get("fillings") or [] if isinstance(f, dict)]
    names = [unicodedata.normalize("NFC", str(f.get("name", ""))).strip().casefold() for f in fillings]
    no_contact = not body.get("phone") and not body.get("telegram")
    repeated = len(set(names)) < len(names)
    return all(
        (field == "phone" and no_contact)
        or (field.startswith("fillings[") and field.endswith(".name") and repeated)
        for field in fields
    )


def _breaks_a_print_rule(body: dict[str, Any], fields: set[Any]) -> bool:
    """Sizes per layout (issue 22, docs/API.md): the schema gives each size field its widest range
    (a diameter 40-300 for cupcakes and round cakes alike) and cannot say what fits an A4 sheet."""
    if not fields <= {"diameter_mm", "width_mm", "height_mm", "sheet", "margin_mm"}:
        return False
    layout, sheet, d = body.get("layout"), body.get("sheet", "a4"), body.get("diameter_mm")
    reach = 2 * (body.get("bleed_mm", 3) + body.get("margin_mm", 5))
    if layout in ("cupcakes", "sheet") and sheet == "fit":
        return True
    if layout == "round":
        return d is None or not 100 <= d <= 300 or (sheet == "a4" and d + reach > 210)
    if layout == "cupcakes":
        return d is None or not 40 <= d <= 80 or d + reach > 210
    if layout == "rect":
        w, h = body.get("width_mm"), body.get("height_mm")
        if w is None or h is None:
            return True
        return sheet == "a4" and not (
            (w + reach <= 210 and h + reach <= 297) or (w + reach <= 297 and h + reach <= 210)
        )
    return False


def _breaks_a_picture_rule(body: dict[str, Any]) -> bool:
    """Cross-field rules of the starting picture (issue 12) that the schema states field by field only."""
    init = body.get("init_image")
    has_init = isinstance(init, dict)
    one_source = has_init and (init.get("upload_id") is None) != (init.get("generation_id") is None)
    return (
        has_init != (body.get("strength") is not None)
        or (body.get("mask_upload_id") is not None and not has_init)
        or (has_init and not one_source)
    )


def _outside_the_quality_ranges(body: dict[str, Any]) -> bool:
    """The schema gives steps and guidance the union of both qualities' ranges; each has its own."""
    draft = body.get("quality") == "draft"
    steps_min, steps_max = (DRAFT_STEPS_MIN, DRAFT_STEPS_MAX) if draft else (STEPS_MIN, STEPS_MAX)
    g_min, g_max = (DRAFT_GUIDANCE_MIN, DRAFT_GUIDANCE_MAX) if draft else (GUIDANCE_MIN, GUIDANCE_MAX)
    steps, guidance = body.get("steps"), body.get("guidance")
    return (isinstance(steps, int | float) and not steps_min <= steps <= steps_max) or (
        isinstance(guidance, int | float) and not g_min <= guidance <= g_max
    )


# The served OpenAPI document, for `_body_is_valid_after_all` (set by `_fuzz`).
_SPEC: dict[str, Any] = {}
_OTHER_LOCATIONS = (
    ParameterLocation.QUERY,
    ParameterLocation.PATH,
    ParameterLocation.HEADER,
    ParameterLocation.COOKIE,
)


def _nfc(value: Any) -> Any:
    """A JSON body as the server judges its text: NFC-normalised (lengths count code points after NFC,
    docs/API.md), which JSON Schema's maxLength and pattern cannot say."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc(v) for k, v in value.items()}
    return value


def _lax_booleans(case: Any, body: Any) -> Any:
    """The body as the server reads it: like every Litestar body, a boolean field also takes 0 and 1
    (docs/API.md, «Types»), which JSON Schema's `boolean` does not."""
    if not isinstance(body, dict):
        return body
    content = case.operation.definition.raw.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema", {})
    ref = schema.get("$ref", "")
    if ref and _SPEC:
        schema = _SPEC.get("components", {}).get("schemas", {}).get(ref.rsplit("/", 1)[-1], {})
    boolean = {
        name
        for name, prop in schema.get("properties", {}).items()
        if prop.get("type") == "boolean" or {"type": "boolean"} in prop.get("oneOf", prop.get("anyOf", []))
    }
    return {k: bool(v) if k in boolean and type(v) is int and v in (0, 1) else v for k, v in body.items()}


def _body_is_valid(case: Any, body: Any) -> bool | None:
    """`body` checked against the operation's JSON body schema (None: it has none)."""
    content = case.operation.definition.raw.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    if schema is None or not _SPEC:
        return None
    validator = jsonschema_rs.Draft202012Validator({"components": _SPEC.get("components", {}), **schema})
    return bool(validator.is_valid(body))


def _body_is_valid_after_all(case: Any) -> bool:
    """Schemathesis's negative mutations of a `pattern` string can keep it matching (appending a
    character the pattern's class allows), and a string over maxLength can be within it once
    NFC-normalised: the JSON body, or its NFC form, checked against the schema, is valid."""
    meta = case.meta
    if meta is None or not meta.is_negative_at(ParameterLocation.BODY):
        return False
    if any(meta.is_negative_at(location) for location in _OTHER_LOCATIONS):
        return False
    return bool(
        _body_is_valid(case, case.body)
        or _body_is_valid(case, _nfc(case.body))
        or _body_is_valid(case, _lax_booleans(case, case.body))
    )


@schemathesis.check
def negative_data_rejection_of_really_invalid_bodies(ctx: Any, response: Any, case: Any) -> bool | None:
    """Schemathesis's negative_data_rejection, less bodies that are valid after all."""
    try:
        return negative_data_rejection(ctx, response, case)
    except AcceptedNegativeData:
        if _body_is_valid_after_all(case):
            return None
        raise


@schemathesis.check
def positive_data_acceptance_beyond_the_schema(ctx: Any, response: Any, case: Any) -> bool | None:
    """Schemathesis's positive_data_acceptance, less the rules the schema cannot state."""
    try:
        return positive_data_acceptance(ctx, response, case)
    except RejectedPositiveData:
        if _breaks_a_stateful_rule(case, response):
            return None
        raise


def _admin_token(stack: RunningStack) -> str:
    return login(
        httpx.Client(base_url=stack.base_url, timeout=30), stack.admin_email, stack.admin_password
    ).token


def _user_token(stack: RunningStack) -> str:
    user = register_and_login(stack.base_url)
    for _ in range(3):
        user.buy("pack-300")
    return user.token


def _fuzz(base_url: str, token: str, seed: int) -> tuple[set[str], int, list[str]]:
    config = SchemathesisConfig.from_dict(
        {
            "base-url": base_url,
            "headers": {"Authorization": f"Bearer {token}"},
            "generation": {"max-examples": MAX_EXAMPLES, "mode": "all"},
            "seed": seed,
            "request-timeout": 10,
            "max-stream-events": 1,  # the stream of a pending generation ends only when the worker is done
            # The user's own stream has nothing to send until a client answers on a share link: a
            # second of it shows the headers and the keep-alive, not 10 s per example.
            "operations": [{"include-path": "/api/events", "request-timeout": 1}],
            "suppress-health-check": ["all"],
            # replaced by the checks above
            "checks": {
                "positive_data_acceptance": {"enabled": False},
                "negative_data_rejection": {"enabled": False},
            },
        }
    )
    schema = schemathesis.openapi.from_url(base_url + SCHEMA_PATH, config=config)
    _SPEC.clear()
    _SPEC.update(httpx.get(base_url + SCHEMA_PATH, timeout=30).json())
    problems: list[str] = []
    phases: set[str] = set()
    checked = 0
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, ScenarioFinished):
            phases.add(event.phase.value)
            for checks in event.recorder.checks.values():
                for check in checks:
                    checked += 1
                    if check.status == Status.FAILURE and check.failure_info is not None:
                        failure = check.failure_info.failure
                        problems.append(
                            f"{event.label} [{event.phase.value}] {check.name}: {failure.title}\n"
                            f"{failure.message}\n{check.failure_info.code_sample}"
                        )
        elif isinstance(event, (NonFatalError, FatalError)):
            info = getattr(event, "info", None)
            problems.append(f"{getattr(event, 'label', 'engine')}: error {info.format() if info else event}")
    return phases, checked, problems


@pytest.mark.slow
@pytest.mark.timeout(420)
@pytest.mark.parametrize("role", ["user", "admin"])
def test_the_running_service_conforms_to_its_schema(live_stack: RunningStack, role: str) -> None:
    token = _admin_token(live_stack) if role == "admin" else _user_token(live_stack)
    operations = len(
        list(schemathesis.openapi.from_url(live_stack.base_url + SCHEMA_PATH).get_all_operations())
    )
    assert operations >= 20

    started = time.monotonic()
    phases, checked, problems = _fuzz(live_stack.base_url, token, seed=20260101 + len(role))
    elapsed = time.monotonic() - started

    # It really ran: every phase, stateful sequences included, and many checks per operation.
    assert phases >= {"examples", "coverage", "fuzzing", "stateful"} and checked > 10 * operations, (
        phases,
        checked,
    )
    assert not problems, f"{len(problems)} failures in {elapsed:.0f} s:\n\n" + "\n\n".join(
        sorted(set(problems))
    )
