"""`tortodelova worker` with ML_ENGINE=real and no weights on disk refuses to start, naming the
missing model and the command that fetches it."""

from __future__ import annotations

import os
import subprocess
import sys


def test_real_engine_without_weights_refuses_to_start(tmp_path):
    env = os.environ | {
        "ML_ENGINE": "real",
        "MODELS_DIR": str(tmp_path / "empty-cache"),
        "HF_HUB_OFFLINE": "1",
        "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",  # never reached: the models come first
        "S3_ENDPOINT": "http://127.0.0.1:1",
    }
    result = subprocess.run(
        [sys.executable, "-m", "tortodelova.entrypoints.cli.main", "worker"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 3, result.stderr[-2000:]
    assert "Lykon/dreamshaper-8" in result.stderr and "Helsinki-NLP/opus-mt-ru-en" in result.stderr
    assert "tortodelova models pull" in result.stderr
