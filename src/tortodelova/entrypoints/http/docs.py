"""OpenAPI: the schema documents the error responses each operation really returns, so clients
(and schemathesis) can check them."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from litestar import Router
from litestar.openapi import OpenAPIConfig, ResponseSpec
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import (
    Components,
    OpenAPI,
    OpenAPIFormat,
    OpenAPIHeader,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Reference,
    Schema,
    SecurityScheme,
    Tag,
)
from litestar.static_files import create_static_files_router

from tortodelova.domain import generation as g
from tortodelova.domain import upscale as up
from tortodelova.entrypoints.http.problems import PROBLEM_JSON, ProblemDetails

_DESCRIPTIONS = {
    400: "Malformed JSON or a body that is not a JSON object",
    401: "No, expired, tampered or revoked token; wrong credentials",
    402: "Not enough available credits",
    403: "Authenticated but not allowed (inactive user, non-admin)",
    404: "Not found, including another user's resource",
    409: "Conflict: e-mail taken, the same Idempotency-Key still in flight, a generation that can no "
    "longer be cancelled or cannot be deleted yet, or a design to start from that is not finished",
    413: "The uploaded file is over 10 MB",
    422: "Validation failed (field errors listed); Idempotency-Key reused with a different body",
    429: "Rate limited (see the Retry-After header), or a per-user cap reached (active generations, streams)",
    503: "Not ready",
}

# The print endpoint answers with one of these, as the body asks (its route declares the first).
PRINT_TYPES = ("application/pdf", "image/png", "image/jpeg")

AUTH = (401, 403)
BODY = (400, 422)


def problems(*statuses: int) -> dict[int, ResponseSpec]:
    return {
        status: ResponseSpec(
            data_container=ProblemDetails,
            description=_DESCRIPTIONS[status],
            media_type=PROBLEM_JSON,
            generate_examples=False,
        )
        for status in sorted(set(statuses))
    }


DOCS_ASSETS_PATH = "/api/schema/assets"


def docs_assets_router() -> Router:
    """Swagger UI's JS and CSS (no CDN)."""
    from swagger_ui_bundle import swagger_ui_path

    return create_static_files_router(
        path=DOCS_ASSETS_PATH, directories=[swagger_ui_path], include_in_schema=False, name="docs-assets"
    )


def openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Тортоделова API",
        version="1.0.0",
        description=(
            "Cake designs from Russian descriptions. Errors are RFC 9457 problem details "
            "(application/problem+json). Log in at POST /api/auth/login and send the access token "
            "as `Authorization: Bearer <token>`."
        ),
        path="/api/schema",
        # Swagger UI from the swagger-ui-bundle package, served by us: the docs work offline too.
        render_plugins=[
            SwaggerRenderPlugin(
                path=["/", "/swagger"],
                js_url=f"{DOCS_ASSETS_PATH}/swagger-ui-bundle.js",
                css_url=f"{DOCS_ASSETS_PATH}/swagger-ui.css",
                standalone_preset_js_url=f"{DOCS_ASSETS_PATH}/swagger-ui-standalone-preset.js",
                favicon=f"<link rel='icon' type='image/png' href='{DOCS_ASSETS_PATH}/favicon-32x32.png'>",
            )
        ],
        components=Components(
            security_schemes={
                "BearerAuth": SecurityScheme(type="http", scheme="bearer", bearer_format="JWT"),
            }
        ),
        tags=[
            Tag(name="auth"),
            Tag(name="account"),
            Tag(name="generations"),
            Tag(name="printing"),
            Tag(name="admin"),
            Tag(name="system"),
        ],
        create_examples=False,
        use_handler_docstrings=True,
    )


def refine(openapi: OpenAPI) -> None:
    """Fix what Litestar generates on its own: its default 400 (not our problem format) becomes a problem
    response, a 204 has no body, and the Location / Retry-After / WWW-Authenticate headers are documented;
    then add the generation limits no JSON Schema keyword states (`_document_generation_limits`)."""
    problem_ref = Reference(ref="#/components/schemas/ProblemDetails")
    for path_item in (openapi.paths or {}).values():
        for method in ("get", "put", "post", "delete", "options", "head", "patch", "trace"):
            operation: Operation | None = getattr(path_item, method, None)
            if operation is None or not operation.responses:
                continue
            for status, response in operation.responses.items():
                if not isinstance(response, OpenAPIResponse):
                    continue
                if status == "204":
                    response.content = None
                elif status == "200" and response.content and PRINT_TYPES[0] in response.content:
                    binary = Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)
                    response.content = {t: OpenAPIMediaType(schema=binary) for t in PRINT_TYPES}
                elif status == "202" and response.headers and "Location" in response.headers:
                    location = response.headers["Location"]
                    if isinstance(location, OpenAPIHeader):
                        location.schema = Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.URI_REFERENCE)
                        location.required = True
                elif status == "400" and response.content and PROBLEM_JSON not in response.content:
                    response.description = _DESCRIPTIONS[400]
                    response.content = {PROBLEM_JSON: OpenAPIMediaType(schema=problem_ref)}
                elif status == "401":
                    response.headers = {
                        **(response.headers or {}),
                        "WWW-Authenticate": OpenAPIHeader(
                            schema=Schema(type=OpenAPIType.STRING), description="Bearer"
                        ),
                    }
                elif status == "429":
                    response.headers = {
                        **(response.headers or {}),
                        "Retry-After": OpenAPIHeader(
                            schema=Schema(type=OpenAPIType.INTEGER),
                            required=True,
                            description="Seconds to wait",
                        ),
                    }
    _document_generation_limits(openapi)
    _document_upscale_limit(openapi)


@dataclass
class _ExtendedSchema(Schema):
    """A schema with specification extensions (`x-…` keys), which Litestar's `Schema` has no field for."""

    extensions: dict[str, Any] = field(default_factory=dict)

    @property
    def _exclude_fields(self) -> set[str]:
        return {*super()._exclude_fields, "extensions"}

    def to_schema(self) -> dict[str, Any]:
        return {**super().to_schema(), **self.extensions}


def _extended(schema: Schema, extensions: dict[str, Any]) -> _ExtendedSchema:
    return _ExtendedSchema(**{f.name: getattr(schema, f.name) for f in fields(Schema)}, extensions=extensions)


def _document_generation_limits(openapi: OpenAPI) -> None:
    """`GenerationIn` (submit and quote): `steps` and `guidance` carry their range and default per quality
    (`x-by-quality`; the properties' own range is the widest), the body the width x height pairs allowed
    and the one used when none is named (`x-sizes`). Clients read them (the SPA's generated limits)."""
    schemas = openapi.components.schemas if openapi.components else None
    body = (schemas or {}).get("GenerationIn")
    if schemas is None or not isinstance(body, Schema) or not body.properties:
        return
    by_quality: dict[str, dict[str, dict[str, float]]] = {"steps": {}, "guidance": {}}
    for quality, (s_min, s_max, s_default, g_min, g_max, g_default) in g.QUALITY_LIMITS.items():
        by_quality["steps"][quality.value] = {"minimum": s_min, "maximum": s_max, "default": s_default}
        by_quality["guidance"][quality.value] = {"minimum": g_min, "maximum": g_max, "default": g_default}
    for name, ranges in by_quality.items():
        prop = body.properties[name]
        if isinstance(prop, Schema):
            body.properties[name] = _extended(prop, {"x-by-quality": ranges})
    sizes = {"allowed": [_size(pair) for pair in sorted(g.ALLOWED_SIZES)], "default": _size(g.DEFAULT_SIZE)}
    schemas["GenerationIn"] = _extended(body, {"x-sizes": sizes})


def _document_upscale_limit(openapi: OpenAPI) -> None:
    """`UpscaleIn` (upscale and its quote): the longest side a design may have to be upscaled
    (`x-max-source-side`, px), so that a client offers the upscale only where it can be done."""
    schemas = openapi.components.schemas if openapi.components else None
    body = (schemas or {}).get("UpscaleIn")
    if schemas is not None and isinstance(body, Schema):
        schemas["UpscaleIn"] = _extended(body, {"x-max-source-side": up.MAX_INPUT_SIDE})


def _size(pair: tuple[int, int]) -> dict[str, int]:
    return {"width": pair[0], "height": pair[1]}
