"""A real `tortodelova worker` process whose generator misbehaves on purpose (e2e tests only).

    python tests/e2e/worker_with_faults.py fail   # every generation raises
    python tests/e2e/worker_with_faults.py slow   # each denoising step takes 0.5 s
    python tests/e2e/worker_with_faults.py poison # a batch holding a prompt with "poison" breaks the model

Configuration comes from the environment, as for `tortodelova worker`.
"""

from __future__ import annotations

import asyncio
import sys
import time

from tortodelova.adapters.ml.engine import build_demo_engine
from tortodelova.entrypoints.config.settings import Settings
from tortodelova.entrypoints.worker.run_worker import run_worker


class FailingGenerator:
    is_demo = True

    def __init__(self, inner) -> None:  # noqa: ANN001
        self.model_id = inner.model_id

    def generate(self, jobs, on_progress=None, on_preview=None):  # noqa: ANN001, ANN201
        raise RuntimeError("видеокарта недоступна (fault injected by the test)")


class SlowGenerator:
    is_demo = True

    def __init__(self, inner) -> None:  # noqa: ANN001
        self.inner, self.model_id = inner, inner.model_id

    def generate(self, jobs, on_progress=None, on_preview=None):  # noqa: ANN001, ANN201
        def slow_progress(step: int, total: int) -> None:
            time.sleep(0.5)
            if on_progress:
                on_progress(step, total)

        return self.inner.generate(jobs, slow_progress)


class PoisonedGenerator:
    is_demo = True

    def __init__(self, inner) -> None:  # noqa: ANN001
        self.inner, self.model_id = inner, inner.model_id

    def generate(self, jobs, on_progress=None, on_preview=None):  # noqa: ANN001, ANN201
        if any("poison" in j.prompt for j in jobs):
            raise IndexError("index out of range in self (fault injected by the test)")
        return self.inner.generate(jobs, on_progress)


def main() -> int:
    mode, worker_id = sys.argv[1], sys.argv[2]
    translator, generator = build_demo_engine()
    wrapped = {"fail": FailingGenerator, "slow": SlowGenerator, "poison": PoisonedGenerator}[mode](generator)
    return asyncio.run(run_worker(Settings.from_env(), worker_id=worker_id, ml=(translator, wrapped)))


if __name__ == "__main__":
    sys.exit(main())
