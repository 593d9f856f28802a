"""RFC 9457 problem details for every error the API returns, with Russian details.

Domain errors map to statuses here and nowhere else. Litestar's own errors (unknown route, wrong
method, malformed JSON, type errors found while parsing) are rewritten into the same shape; field
errors become `errors: [{field, message}]`. Anything unexpected is a 500 that says nothing about why.
"""

from __future__ import annotations

import logging
import re
from http import HTTPStatus
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import ClientException, HTTPException, ValidationException
from litestar.types import ExceptionHandlersMap

from tortodelova.domain import errors as domain
from tortodelova.domain.images import ImageTooLarge
from tortodelova.domain.upscale import UpscaleUnavailable

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
# Request bodies are small JSON objects (a prompt is at most 1000 characters); anything near this is abuse.
MAX_BODY_KIB = 64
MAX_BODY_BYTES = MAX_BODY_KIB * 1024
BEARER_CHALLENGE = 'Bearer realm="tortodelova"'


class FieldError(msgspec.Struct):
    field: str
    message: str


class ProblemDetails(msgspec.Struct):
    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] | msgspec.UnsetType = msgspec.UNSET


class TooManyRequests(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__("rate limited")
        self.retry_after = retry_after


DOMAIN_STATUS: dict[type[domain.DomainError], int] = {
    domain.ValidationFailed: 422,
    domain.InsufficientCredits: 402,
    domain.NotFound: 404,
    domain.EmailTaken: 409,
    domain.PromotionRefused: 409,
    domain.IdempotencyInFlight: 409,
    domain.DraftUnavailable: 409,  # the request is valid; this server lacks the LCM-LoRA
    UpscaleUnavailable: 409,  # likewise: no Real-ESRGAN weights
    domain.IdempotencyMismatch: 422,
    domain.InvalidCredentials: 401,
    domain.InvalidToken: 401,
    domain.InactiveUser: 403,
    domain.Forbidden: 403,
    domain.InvalidTransition: 409,
    domain.SourceNotReady: 409,
    domain.PaymentsDisabled: 409,  # valid request; this server sells no credits
    domain.LeaseLost: 409,
    domain.LimitReached: 429,
    ImageTooLarge: 413,
}

LIMIT_RETRY_AFTER_S = 10  # Retry-After of a per-user cap's 429

# Russian details for errors raised by the framework rather than the domain.
_STATUS_DETAIL = {
    400: "Некорректный запрос.",
    401: "Требуется вход в систему.",
    403: "Доступ запрещён.",
    404: "Ресурс не найден.",
    405: "Метод не поддерживается для этого адреса.",
    406: "Запрошенный формат ответа не поддерживается.",
    413: f"Слишком большой запрос: тело не может быть больше {MAX_BODY_KIB} КиБ.",
    415: "Неподдерживаемый тип содержимого.",
    429: "Слишком много запросов. Повторите позже.",
    500: "Внутренняя ошибка сервера. Повторите попытку позже.",
    503: "Сервис временно недоступен.",
}


def problem(
    status: int,
    detail: str | None = None,
    *,
    code: str | None = None,
    title: str | None = None,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[ProblemDetails]:
    """A problem response. Without `code` the type is about:blank and the title the HTTP phrase."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    body = ProblemDetails(
        type=f"urn:tortodelova:problem:{code}" if code else "about:blank",
        title=title or phrase,
        status=status,
        detail=detail or _STATUS_DETAIL.get(status, phrase),
        errors=errors if errors is not None else msgspec.UNSET,
    )
    return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


# --- msgspec / litestar validation messages in Russian ----------------------------------------

_TYPE_NAMES = {
    "str": "строка",
    "int": "целое число",
    "float": "число",
    "bool": "логическое значение",
    "object": "объект",
    "array": "массив",
    "null": "null",
    "uuid": "UUID",
    "datetime": "дата и время",
}


def _ru_type(name: str) -> str:
    """`int | null` -> `целое число или null`."""
    return " или ".join(
        _TYPE_NAMES.get(part.strip().lower(), part.strip()) for part in name.strip("`").split("|")
    )


_RULES: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"Object missing required field `(?P<f>[^`]+)`"), lambda m: "обязательное поле"),
    (
        re.compile(r"Expected `(?P<e>[^`]+)`, got `(?P<g>[^`]+)`"),
        lambda m: f"ожидается {_ru_type(m['e'])}, получено: {_ru_type(m['g'])}",
    ),
    (
        re.compile(r"Expected `(?P<e>[^`]+)` of length >= (?P<n>\d+)"),
        lambda m: f"не короче {m['n']} символов",
    ),
    (
        re.compile(r"Expected `(?P<e>[^`]+)` of length <= (?P<n>\d+)"),
        lambda m: f"не длиннее {m['n']} символов",
    ),
    (re.compile(r"Expected `(?P<e>[^`]+)` >= (?P<n>[-\d.e+]+)"), lambda m: f"не меньше {m['n']}"),
    (re.compile(r"Expected `(?P<e>[^`]+)` <= (?P<n>[-\d.e+]+)"), lambda m: f"не больше {m['n']}"),
    (
        re.compile(r"matching regex"),
        lambda m: "значение не соответствует допустимому формату (или содержит управляющие символы)",
    ),
    (re.compile(r"Invalid enum value (?P<v>.*)"), lambda m: f"недопустимое значение {m['v']}"),
    (re.compile(r"Invalid UUID"), lambda m: "некорректный UUID"),
    (re.compile(r"Invalid RFC3339 encoded datetime"), lambda m: "некорректная дата (ожидается ISO 8601)"),
    (re.compile(r"out of range", re.I), lambda m: "значение вне допустимого диапазона"),
]


def russian(message: str) -> str:
    for pattern, render in _RULES:
        if m := pattern.search(message):
            return str(render(m))
    return "недопустимое значение"


def _wire_name(request: Request[Any, Any, Any], key: str) -> str:
    """A parameter's name on the wire: Litestar reports the handler argument (`search` for `?query=`)."""
    try:
        definition = request.route_handler.parsed_fn_signature.parameters[key].kwarg_definition
    except (AttributeError, KeyError):
        return key
    return getattr(definition, "name", None) or key


def _field_errors(request: Request[Any, Any, Any], exc: ValidationException) -> tuple[int, list[FieldError]]:
    """(status, errors): 422 with field errors, 400 when the body is not a JSON object at all,
    404 when a path parameter does not parse (such a resource cannot exist)."""
    found: list[FieldError] = []
    extra = exc.extra if isinstance(exc.extra, list) else []
    for item in extra:
        if not isinstance(item, dict):
            continue
        key, message, source = str(item.get("key", "")), str(item.get("message", "")), item.get("source")
        if source == "path":
            return 404, []
        missing = re.search(r"Object missing required field `([^`]+)`", message)
        if key == "data" and source == "body" and not missing:
            return 400, []
        field = missing.group(1) if missing else _wire_name(request, key) if key else "body"
        found.append(FieldError(field, russian(message)))
    return 422, found


# --- exception handlers -------------------------------------------------------------------------


def domain_error_handler(
    request: Request[Any, Any, Any], exc: domain.DomainError
) -> Response[ProblemDetails]:
    status = next((s for cls, s in DOMAIN_STATUS.items() if isinstance(exc, cls)), 400)
    errors = None
    if isinstance(exc, domain.ValidationFailed):
        errors = [FieldError(k, v) for k, v in exc.errors.items()]
    headers = {"WWW-Authenticate": BEARER_CHALLENGE} if status == 401 else None
    if isinstance(exc, domain.LimitReached):
        # A slot frees when a generation finishes or a stream closes: worth another try soon.
        headers = {"Retry-After": str(LIMIT_RETRY_AFTER_S)}
    title = (type(exc).__doc__ or "").strip().rstrip(".") or None
    return problem(status, exc.message, code=exc.code, title=title, errors=errors, headers=headers)


def validation_handler(request: Request[Any, Any, Any], exc: ValidationException) -> Response[ProblemDetails]:
    status, errors = _field_errors(request, exc)
    if status == 400:
        return problem(400, "Тело запроса должно быть JSON-объектом.", code="malformed_body")
    if status == 404:
        return problem(404)
    summary = "; ".join(f"{e.field}: {e.message}" for e in errors) or "некорректные данные"
    return problem(
        422,
        f"Некорректные данные запроса: {summary}",
        code="validation_failed",
        title="Некорректные данные запроса",
        errors=errors,
    )


def http_exception_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response[ProblemDetails]:
    if isinstance(exc, ValidationException):
        return validation_handler(request, exc)
    status = exc.status_code
    headers = {k: v for k, v in (exc.headers or {}).items() if k.lower() == "allow"}
    if status == 400 and type(exc) is ClientException:  # raised by Litestar when the body does not decode
        return problem(400, "Некорректный JSON в теле запроса.", code="malformed_json")
    if status >= 500:
        log.error("HTTP %s while serving %s %s: %s", status, request.method, request.url.path, exc.detail)
    return problem(status, headers=headers or None)


def rate_limit_handler(request: Request[Any, Any, Any], exc: TooManyRequests) -> Response[ProblemDetails]:
    return problem(
        429,
        f"Слишком много попыток. Повторите через {exc.retry_after} с.",
        code="rate_limited",
        headers={"Retry-After": str(exc.retry_after)},
    )


def server_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[ProblemDetails]:
    log.error("unhandled error in %s %s", request.method, request.url.path, exc_info=exc)
    return problem(500)


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    domain.DomainError: domain_error_handler,
    TooManyRequests: rate_limit_handler,
    HTTPException: http_exception_handler,
    Exception: server_error_handler,
}
