"""docker-compose.yml: structure, start order, secrets, and the settings it hands to the application.

The static checks read the YAML; the `config` checks run the real Docker Compose v2 (no engine needed),
which resolves anchors and interpolation exactly as `docker compose up` will.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.deploy.binaries import compose_command
from tests.deploy.project_files import (
    APP_SERVICES,
    COMPOSE_FILE,
    ENV_EXAMPLE,
    REPO,
    SECRET_NAME,
    interpolated_names,
    load_compose,
    parse_env_file,
    walk_strings,
)
from tortodelova.entrypoints.config.settings import Settings

HEALTHY = "service_healthy"
COMPLETED = "service_completed_successfully"
EXPECTED_DEPENDS_ON = {
    "db": {},
    "minio": {},
    "minio-init": {"minio": HEALTHY},
    "migrator": {"db": HEALTHY},
    "backend": {"db": HEALTHY, "minio": HEALTHY, "minio-init": COMPLETED, "migrator": COMPLETED},
    "worker": {"db": HEALTHY, "minio": HEALTHY, "minio-init": COMPLETED, "migrator": COMPLETED},
    "frontend": {"backend": HEALTHY},
}
REQUIRED_SECRETS = (
    "POSTGRES_PASSWORD",
    "MINIO_ROOT_USER",
    "MINIO_ROOT_PASSWORD",
    "S3_ACCESS_KEY",
    "S3_SECRET_KEY",
    "JWT_SECRET",
)


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return load_compose()


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, Any]:
    return compose["services"]


def depends_on(service: dict[str, Any]) -> dict[str, str]:
    return {name: spec["condition"] for name, spec in (service.get("depends_on") or {}).items()}


def environment(service: dict[str, Any]) -> dict[str, Any]:
    env = service.get("environment") or {}
    assert isinstance(env, dict), "environment must be a mapping (NAME: value) so it can be checked"
    return env


def run_compose(*args: str, env_file: Path, home: Path) -> subprocess.CompletedProcess[str]:
    # A clean environment: variables exported in the test process (CI's DATABASE_URL, say) would take
    # precedence over the env file in Compose's interpolation.
    return subprocess.run(
        [
            *compose_command(),
            "--project-directory",
            str(REPO),
            "-f",
            str(COMPOSE_FILE),
            "--env-file",
            str(env_file),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "HOME": str(home)},
        cwd=REPO,
    )


def test_every_service_has_a_pullable_image_or_an_existing_build(services: dict[str, Any]) -> None:
    assert set(services) == set(EXPECTED_DEPENDS_ON)
    for name, service in services.items():
        build = service.get("build")
        if build is None:
            assert service.get("image"), name
            continue
        context = (REPO / build["context"]).resolve()
        assert context.is_dir(), name
        assert (context / build["dockerfile"]).is_file(), f"{name}: {build['dockerfile']} is missing"


def test_images_are_pinned(services: dict[str, Any]) -> None:
    for name, service in services.items():
        image = service["image"]
        repository, _, tag = image.rpartition(":")
        assert repository and "/" not in tag, f"{name}: {image} has no tag"
        assert tag != "latest", f"{name}: {image}"
        if "build" not in service:
            # A release of a third-party image, not a moving major tag such as postgres:17.
            assert re.search(r"\d+\.\d+|RELEASE\.\d{4}-\d\d-\d\d", tag), (
                f"{name}: {image} is not a pinned release"
            )


def test_db_minio_backend_and_frontend_have_healthchecks(services: dict[str, Any]) -> None:
    for name in ("db", "minio", "backend", "frontend"):
        assert services[name]["healthcheck"]["test"], name
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert services["minio"]["healthcheck"]["test"] == ["CMD", "mc", "ready", "local"]
    backend_probe = " ".join(services["backend"]["healthcheck"]["test"])
    port = environment(services["backend"])["PORT"]
    assert f"http://127.0.0.1:{port}/api/health" in backend_probe


def test_services_start_in_dependency_order(services: dict[str, Any]) -> None:
    assert {name: depends_on(service) for name, service in services.items()} == EXPECTED_DEPENDS_ON
    # One-shot services must not be restarted, or service_completed_successfully never settles.
    for one_shot in ("minio-init", "migrator"):
        assert services[one_shot]["restart"] == "no", one_shot
    for long_running in ("db", "minio", "backend", "worker", "frontend"):
        assert services[long_running]["restart"] == "unless-stopped", long_running


def test_one_shot_services_do_their_job(services: dict[str, Any]) -> None:
    assert services["migrator"]["command"] == ["tortodelova", "db", "upgrade"]
    assert services["backend"]["command"] == ["tortodelova", "serve"]
    mounts = {m.split(":")[1]: m.split(":")[0] for m in services["minio-init"]["volumes"]}
    script = services["minio-init"]["entrypoint"][-1]
    assert (REPO / mounts[script]).is_file()


def test_worker_gets_a_gpu_a_model_cache_and_pulls_models_first(services: dict[str, Any]) -> None:
    worker = services["worker"]
    devices = worker["deploy"]["resources"]["reservations"]["devices"]
    assert any(d["driver"] == "nvidia" and "gpu" in d["capabilities"] for d in devices)
    models_dir = environment(worker)["MODELS_DIR"]
    assert any(v.split(":")[1] == models_dir for v in worker["volumes"]), "MODELS_DIR must be the volume"
    command = " ".join(worker["command"])
    assert command.index("tortodelova models pull") < command.index("tortodelova worker")
    assert "&&" in command  # the worker starts only once the models are there


def test_frontend_proxies_to_the_backend_port(services: dict[str, Any]) -> None:
    frontend = environment(services["frontend"])
    backend_port = environment(services["backend"])["PORT"]
    assert frontend["BACKEND_URL"] == f"http://backend:{backend_port}"
    published = services["frontend"]["ports"][0]
    assert published.rsplit(":", 1)[1] == str(frontend["NGINX_PORT"])


def test_app_services_receive_exactly_the_settings_fields(services: dict[str, Any]) -> None:
    expected = set(Settings.env_names())
    for name in APP_SERVICES:
        assert set(environment(services[name])) == expected, name


def test_no_secret_value_is_committed(compose: dict[str, Any], services: dict[str, Any]) -> None:
    checked = 0
    for service_name, service in services.items():
        for key, value in environment(service).items():
            if not SECRET_NAME.search(key):
                continue
            checked += 1
            if key == "DATABASE_URL":
                # Its default is assembled from the other variables; the password part must be one of them.
                assert re.fullmatch(
                    r"\$\{DATABASE_URL:-[a-z+]+://\$\{POSTGRES_USER[^}]*\}:\$\{POSTGRES_PASSWORD:\?[^}]*\}@.+\}",
                    value,
                ), value
            else:
                assert re.fullmatch(rf"\$\{{{key}(:\?[^}}]+|:-)?\}}", value), (
                    f"{service_name}.{key}={value!r}"
                )
    assert checked >= 10
    # Nor hidden elsewhere, e.g. in a command line: no value from .env.example's secrets appears in the file.
    secrets = [e.value for e in parse_env_file(ENV_EXAMPLE) if SECRET_NAME.search(e.name) and e.value]
    text = COMPOSE_FILE.read_text()
    assert secrets and not [s for s in secrets if s in text]


def test_every_interpolated_variable_is_documented_in_env_example(compose: dict[str, Any]) -> None:
    used = {name for s in walk_strings(compose) for name in interpolated_names(s)}
    documented = {e.name for e in parse_env_file(ENV_EXAMPLE)}
    assert used <= documented, sorted(used - documented)
    # and .env.example holds nothing else than the Settings fields and these compose-level variables
    assert documented == set(Settings.env_names()) | used, sorted(
        documented ^ (set(Settings.env_names()) | used)
    )


def test_compose_config_accepts_the_example_environment(tmp_path: Path) -> None:
    quiet = run_compose("config", "-q", env_file=ENV_EXAMPLE, home=tmp_path)
    assert quiet.returncode == 0, quiet.stderr

    result = run_compose("config", "--format", "json", env_file=ENV_EXAMPLE, home=tmp_path)
    assert result.returncode == 0, result.stderr
    model = json.loads(result.stdout)
    resolved = model["services"]
    assert {name: depends_on(service) for name, service in resolved.items()} == EXPECTED_DEPENDS_ON
    env = {e.name: e.value for e in parse_env_file(ENV_EXAMPLE)}
    backend_env = resolved["backend"]["environment"]
    assert backend_env["DATABASE_URL"] == (
        f"postgresql://{env['POSTGRES_USER']}:{env['POSTGRES_PASSWORD']}@db:5432/{env['POSTGRES_DB']}"
    )
    assert backend_env["JWT_SECRET"] == env["JWT_SECRET"]
    assert backend_env["S3_ENDPOINT"] == "http://minio:9000"
    assert resolved["worker"]["environment"] == backend_env == resolved["migrator"]["environment"]
    gpu = resolved["worker"]["deploy"]["resources"]["reservations"]["devices"]
    assert gpu == [{"capabilities": ["gpu"], "driver": "nvidia", "count": 1}]
    assert set(model["volumes"]) == {"pgdata", "miniodata", "models"}


def test_external_database_url_takes_precedence(tmp_path: Path) -> None:
    external = "postgresql://app:pw@db.example.internal:5432/cakes"
    env_file = tmp_path / "external.env"
    env_file.write_text(ENV_EXAMPLE.read_text().replace("\nDATABASE_URL=\n", f"\nDATABASE_URL={external}\n"))

    result = run_compose("config", "--format", "json", env_file=env_file, home=tmp_path)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["services"]["backend"]["environment"]["DATABASE_URL"] == external


@pytest.mark.parametrize("secret", REQUIRED_SECRETS)
def test_compose_refuses_to_run_without_a_required_secret(secret: str, tmp_path: Path) -> None:
    lines = ENV_EXAMPLE.read_text().splitlines()
    kept = [line for line in lines if not line.startswith(f"{secret}=")]
    assert len(kept) == len(lines) - 1
    env_file = tmp_path / "partial.env"
    env_file.write_text("\n".join(kept) + "\n")

    result = run_compose("config", "-q", env_file=env_file, home=tmp_path)

    assert result.returncode != 0
    assert f"required variable {secret} is missing a value" in result.stderr


def test_compose_refuses_to_run_without_a_payment_provider(tmp_path: Path) -> None:
    env_file = tmp_path / "no-payments.env"
    env_file.write_text(ENV_EXAMPLE.read_text().replace("\nPAYMENT_PROVIDER=none\n", "\nPAYMENT_PROVIDER=\n"))

    result = run_compose("config", "-q", env_file=env_file, home=tmp_path)

    assert result.returncode != 0
    assert "PAYMENT_PROVIDER" in result.stderr and "yookassa, sandbox or none" in result.stderr


def test_cpu_override_drops_the_gpu_and_runs_the_demo_engine(tmp_path: Path) -> None:
    result = run_compose(
        "-f",
        str(REPO / "deploy" / "compose.cpu.yml"),
        "config",
        "--format",
        "json",
        env_file=ENV_EXAMPLE,
        home=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    worker = json.loads(result.stdout)["services"]["worker"]
    assert "deploy" not in worker
    assert worker["command"] == ["tortodelova", "worker"]
    assert (worker["environment"]["ML_ENGINE"], worker["environment"]["ML_DEVICE"]) == ("demo", "cpu")


def test_external_override_runs_only_the_application_against_managed_services(tmp_path: Path) -> None:
    env_file = tmp_path / "external.env"
    env_file.write_text(
        ENV_EXAMPLE.read_text()
        .replace("\nDATABASE_URL=\n", "\nDATABASE_URL=postgresql://app:pw@pg.example.internal:5432/cakes\n")
        .replace("\nS3_ENDPOINT=http://minio:9000\n", "\nS3_ENDPOINT=https://s3.example.internal\n")
    )

    result = run_compose(
        "-f",
        str(REPO / "deploy" / "compose.external.yml"),
        "config",
        "--format",
        "json",
        env_file=env_file,
        home=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    resolved = json.loads(result.stdout)["services"]
    assert set(resolved) == {"migrator", "backend", "worker", "frontend"}
    assert {name: depends_on(service) for name, service in resolved.items()} == {
        "migrator": {},
        "backend": {"migrator": COMPLETED},
        "worker": {"migrator": COMPLETED},
        "frontend": {"backend": HEALTHY},
    }
    assert resolved["backend"]["environment"]["S3_ENDPOINT"] == "https://s3.example.internal"


def test_only_the_frontend_is_published_and_minio_stays_internal(tmp_path: Path) -> None:
    result = run_compose("config", "--format", "json", env_file=ENV_EXAMPLE, home=tmp_path)
    assert result.returncode == 0, result.stderr
    resolved = json.loads(result.stdout)["services"]

    published = {name: service["ports"] for name, service in resolved.items() if service.get("ports")}
    assert set(published) == {"frontend"}  # neither MinIO's S3 API (9000) nor its console (9001)
    assert [p["target"] for p in published["frontend"]] == [8080]
    # Images reach browsers through the frontend's nginx, read-only, from MinIO inside the network.
    env = {e.name: e.value for e in parse_env_file(ENV_EXAMPLE)}
    assert resolved["backend"]["environment"]["S3_PUBLIC_ENDPOINT"] == f"http://localhost:{env['HTTP_PORT']}"
    frontend_env = resolved["frontend"]["environment"]
    assert (frontend_env["S3_UPSTREAM"], frontend_env["S3_BUCKET"]) == ("http://minio:9000", env["S3_BUCKET"])


@pytest.mark.parametrize(
    ("service", "command", "refused"),
    [
        ("backend", ["serve"], {"JWT_SECRET", "S3_SECRET_KEY", "DATABASE_URL"}),
        ("worker", ["worker"], {"JWT_SECRET", "S3_SECRET_KEY", "DATABASE_URL"}),
        # what `docker compose run --rm backend tortodelova create-admin` runs
        ("backend", ["create-admin"], {"JWT_SECRET", "S3_SECRET_KEY", "DATABASE_URL", "ADMIN_PASSWORD"}),
    ],
)
def test_the_services_refuse_the_placeholder_example_environment(
    tmp_path: Path, service: str, command: list[str], refused: set[str]
) -> None:
    """`${VAR:?}` accepts any value; the application's own check refuses .env.example's placeholders."""
    result = run_compose("config", "--format", "json", env_file=ENV_EXAMPLE, home=tmp_path)
    assert result.returncode == 0, result.stderr
    resolved = json.loads(result.stdout)["services"][service]
    if command != ["create-admin"]:
        assert command[0] in " ".join(resolved["command"])
    env = {k: str(v) for k, v in resolved["environment"].items()} | {"PATH": os.environ["PATH"]}
    env["PYTHONPATH"] = os.pathsep.join(sys.path)  # this checkout's package, as the image installs it

    started = subprocess.run(
        [sys.executable, "-m", "tortodelova.entrypoints.cli.main", *command],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert started.returncode == 2, started.stderr
    named = set(re.findall(r"^  ([A-Z0-9_]+): ", started.stderr, flags=re.MULTILINE))
    assert named == refused, started.stderr
    assert "placeholder" in started.stderr and "заглушка" in started.stderr
