""".env.example: every setting documented (in Russian and English), real defaults, placeholders for secrets."""

from __future__ import annotations

import dataclasses
import re

import pytest

from tests.deploy.project_files import ENV_EXAMPLE, REPO, SECRET_NAME, EnvEntry, parse_env_file
from tortodelova.entrypoints.config.settings import Settings

# Settings whose example value is chosen for the compose deployment rather than copied from the default.
DEPLOY_VALUES = {
    "S3_ENDPOINT": "http://minio:9000",
    "S3_PUBLIC_ENDPOINT": "http://localhost:8080",
    "S3_ACCESS_KEY": "tortodelova-app",
    "S3_SECRET_KEY": "change-me-s3-secret-key",
    "JWT_SECRET": "change-me-jwt-secret",
    "ADMIN_EMAIL": "admin@example.com",
    "ADMIN_PASSWORD": "change-me-admin-password",
    "LOG_FORMAT": "json",
    "PAYMENT_PROVIDER": "none",  # compose requires a choice; the example sells nothing until a shop is set
}


@pytest.fixture(scope="module")
def entries() -> list[EnvEntry]:
    return parse_env_file(ENV_EXAMPLE)


def test_names_are_unique_and_cover_every_setting(entries: list[EnvEntry]) -> None:
    names = [e.name for e in entries]
    assert len(names) == len(set(names))
    assert set(Settings.env_names()) <= set(names), sorted(set(Settings.env_names()) - set(names))


def test_every_variable_has_a_russian_and_english_comment(entries: list[EnvEntry]) -> None:
    for entry in entries:
        assert re.search(r"[А-Яа-яЁё]", entry.comment), f"{entry.name}: no Russian comment above it"
        assert re.search(r"[A-Za-z]{3,}", entry.comment.split("/")[0]), f"{entry.name}: no English comment"


def test_values_parse_as_settings(entries: list[EnvEntry]) -> None:
    settings = Settings.from_env({e.name: e.value for e in entries})

    assert settings.s3_bucket == "tortodelova"
    assert settings.s3_addressing_style == "path"
    assert settings.s3_endpoint == "http://minio:9000"
    assert settings.s3_public_endpoint == "http://localhost:8080"  # the web UI: nginx proxies the images


def test_settings_values_are_the_real_defaults_unless_chosen_for_deployment(entries: list[EnvEntry]) -> None:
    defaults = {f.name.upper(): f.default for f in dataclasses.fields(Settings)}
    values = {e.name: e.value for e in entries}
    for name, default in defaults.items():
        expected = DEPLOY_VALUES.get(name, str(default))
        assert values[name] == expected, f"{name}: .env.example says {values[name]!r}, expected {expected!r}"


def test_secrets_are_placeholders(entries: list[EnvEntry]) -> None:
    secrets = [e for e in entries if SECRET_NAME.search(e.name) and e.name != "S3_ACCESS_KEY"]
    assert {e.name for e in secrets} >= {
        "POSTGRES_PASSWORD",
        "MINIO_ROOT_PASSWORD",
        "S3_SECRET_KEY",
        "JWT_SECRET",
        "ADMIN_PASSWORD",
        "DATABASE_URL",
    }
    for entry in secrets:
        assert entry.value == "" or entry.value.startswith("change-me"), entry.name


def test_real_env_files_stay_out_of_git_and_images() -> None:
    assert ".env" in (REPO / ".gitignore").read_text().splitlines()
    dockerignore = (REPO / ".dockerignore").read_text().splitlines()
    assert ".env" in dockerignore and ".env.*" in dockerignore
