#!/usr/bin/env bash
# The one-shot GPU benchmark (device machine: python3 has torch + transformers; diffusers and
# importlib_metadata travel as wheels in .whl/, see bench/RESULTS.md). Results go to $OUT.
#   bash bench/run_gpu.sh           # everything: batches 1,4,8,16, translator, torch.compile
#   bash bench/run_gpu.sh graphs    # short: plain, worker eager, worker with CUDA graphs; batch 1 and 8
#   bash bench/run_gpu.sh upscale   # the print upscaler: 512 and 1024 px inputs, tiled vs untiled, fp16
set -uo pipefail
OUT=${OUT:-$PWD/bench-out}
mkdir -p "$OUT"
if compgen -G ".whl/*.whl" >/dev/null; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
  export PYTHONPATH=/tmp/site
fi
export PYTHONPATH="$PWD/src${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv >"$OUT/gpu.txt" 2>&1
python3 -c "import torch, transformers, diffusers; print('torch', torch.__version__, 'transformers', transformers.__version__, 'diffusers', diffusers.__version__)" | tee -a "$OUT/gpu.txt"
if [ "${1:-}" = upscale ]; then
  shift
  python3 bench/upscale.py --sizes 512,1024 --repeats 3 --out "$OUT/bench_upscale.json" "$@" 2>&1 | tee "$OUT/bench_upscale.log"
  exit
fi
if [ "${1:-}" = graphs ]; then
  shift
  python3 bench/generation.py --graphs --stages generator --batches 1,8 --repeats 3 --no-png --plain-last \
    --deadline "${DEADLINE:-200}" --out "$OUT/bench_generation.json" "$@" 2>&1 \
    | grep --line-buffered -v -E "Loading|Writing model shards|FutureWarning|deprecate\(" | tee "$OUT/bench_generation.log"
  exit
fi
python3 bench/generation.py --compile --compile-start-by "${COMPILE_START_BY:-200}" --deadline "${DEADLINE:-330}" \
  --out "$OUT/bench_generation.json" "$@" 2>&1 | grep --line-buffered -v -E "Loading|Writing model shards|FutureWarning|deprecate\(" | tee "$OUT/bench_generation.log"
