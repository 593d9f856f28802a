"""deploy/k8s: both kustomizations render and pass the Kubernetes and KEDA schemas (offline), and the
manifests keep the promises docs/DEPLOY.md makes about them. The KEDA trigger's query itself runs
against the migrated schema in tests/integration/db/test_keda_trigger.py."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import pytest

from tests.deploy.k8s_manifests import K8S, KUSTOMIZATIONS, problems, render
from tests.deploy.project_files import SECRET_NAME, parse_env_file
from tortodelova.entrypoints.config.settings import Settings

SETTINGS_NAMES = {field.name.upper() for field in dataclasses.fields(Settings)}


@pytest.fixture(scope="module", params=KUSTOMIZATIONS)
def docs(request: pytest.FixtureRequest) -> list[dict[str, Any]]:
    return render(request.param)


@pytest.fixture(scope="module")
def production() -> dict[tuple[str, str], dict[str, Any]]:
    return {(d["kind"], d["metadata"]["name"]): d for d in render("overlays/production")}


def _container(deployment: dict[str, Any]) -> dict[str, Any]:
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    return container


def test_every_kustomization_renders_and_passes_the_schemas(docs: list[dict[str, Any]]) -> None:
    assert docs
    assert problems(docs) == []


def test_the_validator_rejects_what_the_api_server_would(production: dict) -> None:
    api = copy.deepcopy(production[("Deployment", "tortodelova-api")])
    api["spec"]["replica"] = 2  # a misspelt field
    scaled = copy.deepcopy(production[("ScaledObject", "tortodelova-worker")])
    scaled["spec"]["maxReplicaCount"] = "eight"
    scaled["spec"]["triggers"][0]["metdata"] = {}
    found = problems([api, scaled])
    assert any(line.startswith("Deployment/tortodelova-api") for line in found)
    assert sum(line.startswith("ScaledObject/tortodelova-worker") for line in found) == 2


def test_api_probes_and_cpu_autoscaling(production: dict) -> None:
    api = _container(production[("Deployment", "tortodelova-api")])
    assert api["readinessProbe"]["httpGet"]["path"] == "/api/ready"
    assert api["livenessProbe"]["httpGet"]["path"] == "/api/health"
    assert api["command"] == ["tortodelova", "serve"]
    hpa = production[("HorizontalPodAutoscaler", "tortodelova-api")]
    assert hpa["spec"]["scaleTargetRef"]["name"] == "tortodelova-api"
    assert hpa["spec"]["minReplicas"] >= 2
    assert [m["resource"]["name"] for m in hpa["spec"]["metrics"]] == ["cpu"]


def test_gpu_worker_scaled_by_the_queue(production: dict) -> None:
    deployment = production[("Deployment", "tortodelova-worker")]
    assert "replicas" not in deployment["spec"]  # KEDA owns the count
    worker = _container(deployment)
    assert worker["resources"]["limits"]["nvidia.com/gpu"] == 1
    config = production[("ConfigMap", "tortodelova-config")]["data"]
    # Longer than a batch plus settlement, which the lease bounds.
    grace = deployment["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
    assert grace > int(config["LEASE_SECONDS"])
    scaled = production[("ScaledObject", "tortodelova-worker")]
    assert scaled["spec"]["scaleTargetRef"]["name"] == "tortodelova-worker"
    (trigger,) = scaled["spec"]["triggers"]
    assert trigger["type"] == "postgresql"
    # One worker per claimed batch of queued jobs.
    assert trigger["metadata"]["targetQueryValue"] == config["WORKER_BATCH_SIZE"]
    auth = production[("TriggerAuthentication", trigger["authenticationRef"]["name"])]
    (ref,) = auth["spec"]["secretTargetRef"]
    assert (ref["parameter"], ref["name"]) == ("connection", "tortodelova-secrets")
    secret = production[("Secret", "tortodelova-secrets")]
    assert ref["key"] in secret["data"]


def test_migration_job_pdbs_and_tls_ingress(production: dict) -> None:
    job = production[("Job", "tortodelova-migrate")]
    assert _container(job)["command"] == ["tortodelova", "db", "upgrade"]
    for name in ("tortodelova-api", "tortodelova-worker", "tortodelova-frontend"):
        pdb = production[("PodDisruptionBudget", name)]
        labels = production[("Deployment", name)]["spec"]["template"]["metadata"]["labels"]
        assert pdb["spec"]["selector"]["matchLabels"].items() <= labels.items()
    ingress = production[("Ingress", "tortodelova")]
    (tls,) = ingress["spec"]["tls"]
    (rule,) = ingress["spec"]["rules"]
    assert rule["host"] in tls["hosts"] and tls["secretName"]
    (path,) = rule["http"]["paths"]
    assert path["backend"]["service"]["name"] == "tortodelova-frontend"  # one origin, as in compose
    frontend_env = {e["name"] for e in _container(production[("Deployment", "tortodelova-frontend")])["env"]}
    assert {"BACKEND_URL", "S3_UPSTREAM", "S3_BUCKET", "NGINX_RESOLVER"} <= frontend_env


def test_settings_and_secrets_are_the_applications(production: dict) -> None:
    config = production[("ConfigMap", "tortodelova-config")]["data"]
    assert set(config) <= SETTINGS_NAMES
    assert not [name for name in config if SECRET_NAME.search(name)]  # secrets only in the Secret
    example = parse_env_file(K8S / "overlays" / "production" / "secrets.env.example")
    assert {entry.name for entry in example} <= SETTINGS_NAMES
    assert all(entry.value.count("change-me") for entry in example)  # placeholders the app refuses
    for deployment in ("tortodelova-api", "tortodelova-worker"):
        sources = _container(production[("Deployment", deployment)])["envFrom"]
        assert {"configMapRef": {"name": "tortodelova-config"}} in sources
        assert {"secretRef": {"name": "tortodelova-secrets"}} in sources
