"""serve, worker and create-admin refuse placeholder and weak secrets, naming the variable and the reason."""

from __future__ import annotations

import pytest

from tortodelova.entrypoints.cli import main as cli
from tortodelova.entrypoints.config.secret_policy import secret_problems
from tortodelova.entrypoints.config.settings import Settings

STRONG_JWT = "Zq8v3N1xKp0wR7tY2uLm5cBd9eFg4hJs6"
STRONG_S3 = "Yh3k9Qw2Ez7Rt5Uy1Io8Pa4Sd6Fg0Hj"


def _variables(settings: Settings, **kwargs) -> list[str]:
    return [p.variable for p in secret_problems(settings, **kwargs)]


def test_strong_secrets_pass() -> None:
    settings = Settings(
        jwt_secret=STRONG_JWT,
        s3_access_key="tortodelova-app",
        s3_secret_key=STRONG_S3,
        database_url="postgresql://app:Xy7-pw@db:5432/app",
    )
    assert secret_problems(settings, need_jwt=True, admin_password="Sugar-and-Sp1ce!") == []


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("jwt_secret", "change-me-jwt-secret", "placeholder"),
        ("jwt_secret", "short-but-random-Q1", "too short"),
        ("jwt_secret", "ab" * 20, "variety"),
        ("s3_secret_key", "change-me-s3-secret-key", "placeholder"),
        ("s3_secret_key", "Qw3rty7!", "too short"),
        ("s3_access_key", "CHANGE-ME-key", "placeholder"),
        ("database_url", "postgresql://u:change-me-postgres-password@db/x", "placeholder"),
    ],
)
def test_placeholder_or_weak_secret_is_named_with_its_reason(field: str, value: str, reason: str) -> None:
    base = {"jwt_secret": STRONG_JWT, "s3_secret_key": STRONG_S3}
    problems = secret_problems(Settings(**(base | {field: value})))
    assert [p.variable for p in problems] == [field.upper()]
    assert reason in problems[0].reason_en and problems[0].reason_ru


def test_jwt_secret_is_required_only_where_tokens_are_signed() -> None:
    assert _variables(Settings(), need_jwt=True) == ["JWT_SECRET"]
    assert _variables(Settings()) == []  # the worker signs nothing; empty S3 keys mean the default chain


def test_weak_admin_password_is_refused() -> None:
    assert _variables(Settings(), admin_password="change-me-admin-password") == ["ADMIN_PASSWORD"]
    assert _variables(Settings(), admin_password="password1") == ["ADMIN_PASSWORD"]


@pytest.fixture
def placeholder_env(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env of the checkout
    for name in Settings.env_names():
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("JWT_SECRET", "change-me-jwt-secret")
    monkeypatch.setenv("S3_SECRET_KEY", "change-me-s3-secret-key")
    monkeypatch.setenv("ADMIN_EMAIL", "admin@example.com")
    monkeypatch.setenv("ADMIN_PASSWORD", "change-me-admin-password")
    # Never reached: the check comes before any connection.
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")


@pytest.mark.parametrize("command", [["serve"], ["worker"], ["create-admin"]])
def test_commands_refuse_to_start_with_placeholders(placeholder_env, command, capsys) -> None:
    assert cli.main(command) == 2
    err = capsys.readouterr().err
    assert "S3_SECRET_KEY" in err and "placeholder" in err and "заглушка" in err
    assert ("ADMIN_PASSWORD" in err) == (command == ["create-admin"])
