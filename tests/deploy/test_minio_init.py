"""deploy/minio/init.sh: lint, and its calls to `mc` (no MinIO server here, so `mc` records what it is asked)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.deploy.binaries import venv_tool
from tests.deploy.project_files import REPO

SCRIPT = REPO / "deploy" / "minio" / "init.sh"
FAKE_MC = """#!/bin/sh
printf '%s\\n' "$*" >> "$FAKE_MC_DIR/calls"
case "$1 $2 $3" in
    "anonymous set-json "*) cp "$3" "$FAKE_MC_DIR/anonymous.json" ;;
    "admin policy create") cp "$6" "$FAKE_MC_DIR/app-policy.json" ;;
    "admin policy attach")
        if [ -n "$FAKE_ATTACH_ERROR" ]; then echo "$FAKE_ATTACH_ERROR" >&2; exit 1; fi ;;
esac
"""
ENV = {
    "MINIO_URL": "http://minio:9000",
    "MINIO_ROOT_USER": "root-user",
    "MINIO_ROOT_PASSWORD": "root-password-0123",
    "S3_BUCKET": "tortodelova",
    "S3_ACCESS_KEY": "tortodelova-app",
    "S3_SECRET_KEY": "app-secret-key",
}


def run_init(
    tmp_path: Path, attach_error: str = "", **overrides: str | None
) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "mc").write_text(FAKE_MC)
    (bin_dir / "mc").chmod(0o755)
    work_dir = tmp_path / "work"
    work_dir.mkdir(exist_ok=True)
    env = {k: v for k, v in (ENV | overrides).items() if v is not None}
    env |= {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "FAKE_MC_DIR": str(tmp_path),
        "FAKE_ATTACH_ERROR": attach_error,
        "WORK_DIR": str(work_dir),
    }
    # The compose service runs it exactly like this: /bin/sh /deploy/init.sh
    result = subprocess.run(["/bin/sh", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=30)
    calls_file = tmp_path / "calls"
    return result, calls_file.read_text().splitlines() if calls_file.exists() else []


def test_shellcheck_passes_for_posix_sh() -> None:
    result = subprocess.run(
        [venv_tool("shellcheck"), "-s", "sh", str(SCRIPT)], capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stdout


def test_creates_bucket_public_object_reads_and_a_bucket_scoped_app_user(tmp_path: Path) -> None:
    result, calls = run_init(tmp_path)

    assert result.returncode == 0, result.stderr
    assert calls == [
        "alias set tortodelova http://minio:9000 root-user root-password-0123",
        "mb --ignore-existing tortodelova/tortodelova",
        f"anonymous set-json {tmp_path}/work/anonymous.json tortodelova/tortodelova",
        f"admin policy create tortodelova tortodelova-app {tmp_path}/work/app-policy.json",
        "admin user add tortodelova tortodelova-app app-secret-key",
        "admin policy attach tortodelova tortodelova-app --user tortodelova-app",
    ]
    anonymous = json.loads((tmp_path / "anonymous.json").read_text())
    assert anonymous["Statement"] == [
        {
            "Effect": "Allow",
            "Principal": {"AWS": ["*"]},
            "Action": ["s3:GetObject"],
            "Resource": ["arn:aws:s3:::tortodelova/designs/*"],
        }
    ]  # objects only: no s3:ListBucket, no PutObject
    app = json.loads((tmp_path / "app-policy.json").read_text())
    assert [s["Resource"] for s in app["Statement"]] == [
        ["arn:aws:s3:::tortodelova", "arn:aws:s3:::tortodelova/*"]
    ]


ALREADY_ATTACHED = (
    "mc: <ERROR> Unable to make user/group policy association. "
    "The specified policy change is already in effect."
)


def test_running_again_accepts_the_already_attached_policy(tmp_path: Path) -> None:
    result, calls = run_init(tmp_path, attach_error=ALREADY_ATTACHED)

    assert result.returncode == 0, result.stderr
    assert calls[-1] == "admin policy attach tortodelova tortodelova-app --user tortodelova-app"


def test_other_attach_errors_fail_the_init(tmp_path: Path) -> None:
    result, _ = run_init(
        tmp_path, attach_error="mc: <ERROR> Unable to make user/group policy association. Access Denied."
    )

    assert result.returncode != 0
    assert "Access Denied" in result.stderr


def test_root_credentials_as_app_key_skip_the_app_user(tmp_path: Path) -> None:
    result, calls = run_init(tmp_path, S3_ACCESS_KEY="root-user")

    assert result.returncode == 0, result.stderr
    assert not [c for c in calls if c.startswith("admin ")]
    assert any(c.startswith("anonymous set-json") for c in calls)


@pytest.mark.parametrize("missing", sorted(ENV))
def test_missing_variable_stops_before_touching_minio(tmp_path: Path, missing: str) -> None:
    result, calls = run_init(tmp_path, **{missing: None})

    assert result.returncode != 0
    assert f"{missing} is required" in result.stderr
    assert calls == []


def test_script_is_executable() -> None:
    assert os.access(SCRIPT, os.X_OK)


@pytest.mark.parametrize(
    ("variable", "value", "reason"),
    [
        ("MINIO_ROOT_PASSWORD", "change-me-minio-root-password", "placeholder"),
        ("MINIO_ROOT_PASSWORD", "Short-pw-1", "too short"),
        ("S3_SECRET_KEY", "CHANGE-ME-s3-secret-key", "placeholder"),
    ],
)
def test_refuses_placeholder_or_short_secrets_before_touching_minio(
    tmp_path: Path, variable: str, value: str, reason: str
) -> None:
    result, calls = run_init(tmp_path, **{variable: value})

    assert result.returncode == 1
    assert variable in result.stderr and reason in result.stderr
    assert calls == []
