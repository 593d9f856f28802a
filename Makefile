# tortodelova — `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PY_VERSION ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# torch with its torchvision (spandrel, the upscaler's loader, imports it): the newest pair pip finds on
# this machine's disk, CUDA builds that run on the CPU too; GPU hosts use the CUDA image (deploy/).
TORCH_SPEC ?= torch==2.14.1 torchvision==0.29.1
APT_PACKAGES := chromium nginx

.PHONY: help install system-deps python-deps frontend-deps frontend-build dev test test-python test-frontend test-e2e check lint clean

help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}'

install: system-deps python-deps frontend-deps ## Install everything (venv with torch, npm packages, chromium, nginx)

system-deps: ## Debian packages used by the browser and proxy tests (chromium, nginx)
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "apt-get install$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PY_VERSION) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q $(TORCH_SPEC)
	$(PIP) install -q -e '.[ml,dev]' $(TORCH_SPEC)
	@touch $@

python-deps: $(VENV)/.installed ## Python virtual environment with every dependency

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

frontend-deps: $(if $(wildcard frontend/package.json),frontend/node_modules/.installed) ## npm packages

frontend-build: frontend-deps ## Build the SPA into frontend/dist
	@if [ -f frontend/package.json ]; then cd frontend && npm run build; fi

dev: python-deps frontend-build ## Install what it needs, run the whole service on embedded PostgreSQL + S3 at http://127.0.0.1:8000
	$(VENV)/bin/tortodelova dev

test: install frontend-build ## Install and run every check and test (static checks, frontend unit, then Python incl. e2e and browser)
	$(MAKE) check
	$(MAKE) test-frontend
	$(MAKE) test-python

test-python: ## Python tests: unit, use-case contract (memory + PostgreSQL), integration, e2e
	$(VENV)/bin/pytest -n 2 --dist loadgroup

test-frontend: ## Vitest unit tests of the SPA
	@if [ -f frontend/package.json ]; then cd frontend && npm test; fi

check: python-deps frontend-deps ## Static checks: ruff (lint and format), import-layer contracts, mypy, the Kubernetes manifests; the SPA's tsc and lint
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(PY) -m tests.deploy.k8s_manifests
	@if [ -f frontend/package.json ]; then \
	  cd frontend && npm run --silent typecheck && npm run --silent lint --if-present; \
	fi

lint: check ## Alias of check

clean: ## Remove build outputs (keeps ./var data)
	rm -rf $(VENV) frontend/node_modules frontend/dist .pytest_cache .hypothesis .mypy_cache
