"""Refuse to start with a placeholder or weak secret (`serve`, `worker`, `create-admin`).

A deployment copied from .env.example without editing it would otherwise run with secrets that are
public (they are in the repository): anyone could sign access tokens or read and write the bucket.
`tortodelova dev` generates its own strong secrets, so the processes it starts pass these checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from tortodelova.entrypoints.config.settings import Settings

# Every placeholder in .env.example contains one of these (tests/deploy checks that it stays so).
PLACEHOLDER_MARKERS = ("change-me", "changeme", "change_me")
JWT_SECRET_MIN = 32  # HS256 wants a key of at least its 256-bit output; `openssl rand -hex 32` gives 64
S3_SECRET_MIN = 16  # MinIO accepts 8; a generated key is 40+
ADMIN_PASSWORD_MIN = 12  # stricter than a user's 8: the admin account moves credits
# Distinct characters: "aaaa...", "abab..." or "12345678..." are long but guessable.
MIN_DISTINCT = 8


@dataclass(frozen=True, slots=True)
class SecretProblem:
    variable: str
    reason_ru: str
    reason_en: str

    def __str__(self) -> str:
        return f"{self.variable}: {self.reason_ru} / {self.reason_en}"


def _is_placeholder(value: str) -> bool:
    lowered = value.lower()
    return any(marker in lowered for marker in PLACEHOLDER_MARKERS)


def _check(variable: str, value: str, min_length: int, min_distinct: int) -> SecretProblem | None:
    if _is_placeholder(value):
        return SecretProblem(
            variable,
            "значение-заглушка из .env.example, замените его (openssl rand -hex 32)",
            "placeholder from .env.example, replace it (openssl rand -hex 32)",
        )
    if len(value) < min_length:
        return SecretProblem(
            variable,
            f"слишком короткое ({len(value)} символов, нужно не меньше {min_length})",
            f"too short ({len(value)} characters, at least {min_length} needed)",
        )
    if len(set(value)) < min_distinct:
        return SecretProblem(
            variable,
            f"слишком однообразное (меньше {min_distinct} разных символов)",
            f"too little variety (fewer than {min_distinct} distinct characters)",
        )
    return None


def _database_password(url: str) -> str:
    try:
        return urlsplit(url).password or ""
    except ValueError:
        return ""


def secret_problems(
    settings: Settings, *, need_jwt: bool = False, admin_password: str | None = None
) -> list[SecretProblem]:
    """What is wrong with the secrets this process is about to use; empty when all are fine.

    An empty S3 key is left alone (the S3 client then uses its default credential chain); an empty
    JWT_SECRET is refused where tokens are signed (`need_jwt`).
    """
    found: list[SecretProblem] = []
    if need_jwt and not settings.jwt_secret:
        found.append(SecretProblem("JWT_SECRET", "не задан", "is not set"))
    checks = [
        ("JWT_SECRET", settings.jwt_secret, JWT_SECRET_MIN, MIN_DISTINCT),
        ("S3_SECRET_KEY", settings.s3_secret_key, S3_SECRET_MIN, MIN_DISTINCT),
        # A user name and a password someone else chose (an external database): only no placeholder.
        ("S3_ACCESS_KEY", settings.s3_access_key, 0, 0),
        ("DATABASE_URL", _database_password(settings.database_url), 0, 0),
        # YooKassa issues it: only no placeholder
        ("YOOKASSA_SECRET_KEY", settings.yookassa_secret_key, 0, 0),
    ]
    if admin_password is not None:
        checks.append(("ADMIN_PASSWORD", admin_password, ADMIN_PASSWORD_MIN, MIN_DISTINCT))
    for variable, value, min_length, min_distinct in checks:
        problem = _check(variable, value, min_length, min_distinct) if value else None
        if problem is not None:
            found.append(problem)
    return found


def refusal(problems: list[SecretProblem]) -> str:
    lines = "\n".join(f"  {p}" for p in problems)
    return f"небезопасные секреты, запуск отменён / unsafe secrets, refusing to start:\n{lines}"
