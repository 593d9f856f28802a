"""Requests per second of the API's busiest read endpoints on the real stack, as ratios to /api/me.

    python bench/api_load.py                     # 16 connections, 3 s a run, 5 rounds
    python bench/api_load.py --seconds 10 --connections 32

Starts `tortodelova dev` (embedded PostgreSQL and S3, no worker) in a temporary directory, signs one
user in and loads each endpoint in turn with wrk (Debian's `wrk` package), with that user's token.
Every endpoint pays the same authorisation (/api/me is little more than that), so the ratio to
/api/me, measured right before and after it, is what the endpoint itself costs, whatever the
machine; the table gives each figure's median over the rounds and the ratio's range. Goal: the lists at 0.75 of
/api/me or better (docs/SCALING.md has the figures). The user has no designs, as in the measurement
that found the lists slow: what is left is the cost of asking.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from statistics import median

import httpx

ROOT = Path(__file__).resolve().parents[1]
for path in (ROOT, ROOT / "src"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from tests.support.stack import RunningStack, start_stack, stop_stack  # noqa: E402

ENDPOINTS = ("/api/health", "/api/me", "/api/balance", "/api/transactions", "/api/generations")
BASELINE = "/api/me"
_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


@dataclass(frozen=True)
class Load:
    endpoint: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def wrk(base_url: str, endpoint: str, token: str | None, *, seconds: int, connections: int) -> Load:
    """One wrk run: requests per second and latency percentiles, non-2xx answers counted as errors."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", base_url + endpoint]
    if token:
        command[1:1] = ["-H", f"Authorization: Bearer {token}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return Load(endpoint, rps, p50, p99, int(errors.group(1)) if errors else 0)


def sign_in(stack: RunningStack) -> str:
    """A fresh user's access token."""
    email, password = "load@example.com", "load-password-123"
    with httpx.Client(base_url=stack.base_url, timeout=30) as client:
        client.post("/api/auth/register", json={"email": email, "password": password}).raise_for_status()
        token = client.post("/api/auth/login", json={"email": email, "password": password}).json()[
            "access_token"
        ]
    return token


@dataclass(frozen=True)
class Summary:
    endpoint: str
    rps: float  # the median over the rounds
    p50_ms: float
    p99_ms: float
    errors: int  # over all rounds
    ratio: float  # the median over the rounds of rps / the same round's /api/me
    ratio_low: float
    ratio_high: float


def run(*, seconds: int, connections: int, rounds: int) -> list[Summary]:
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk")
    var = Path(tempfile.mkdtemp(prefix="tortodelova-load-"))
    stack = start_stack(var, {"DEV_WORKERS": "0", "LOG_LEVEL": "WARNING"})
    try:
        token = sign_in(stack)
        wrk(stack.base_url, BASELINE, token, seconds=1, connections=connections)  # warm the pools
        measured: dict[str, list[Load]] = {e: [] for e in ENDPOINTS}
        ratios: dict[str, list[float]] = {e: [] for e in ENDPOINTS}
        for _ in range(rounds):
            # Every endpoint runs between two runs of /api/me and is compared with their mean: this
            # machine's speed drifts by a tenth or more within a minute, and a drift shared by three
            # adjacent runs cancels out of the ratio.
            before = wrk(stack.base_url, BASELINE, token, seconds=seconds, connections=connections)
            measured[BASELINE].append(before)
            ratios[BASELINE].append(1.0)
            for endpoint in (e for e in ENDPOINTS if e != BASELINE):
                load = wrk(stack.base_url, endpoint, token, seconds=seconds, connections=connections)
                after = wrk(stack.base_url, BASELINE, token, seconds=seconds, connections=connections)
                measured[endpoint].append(load)
                measured[BASELINE].append(after)
                ratios[endpoint].append(2 * load.rps / (before.rps + after.rps))
                before = after
        return [_summary(e, measured[e], ratios[e]) for e in ENDPOINTS]
    finally:
        stop_stack(stack)
        shutil.rmtree(var, ignore_errors=True)


def _summary(endpoint: str, loads: list[Load], ratios: list[float]) -> Summary:
    return Summary(
        endpoint,
        median(load.rps for load in loads),
        median(load.p50_ms for load in loads),
        median(load.p99_ms for load in loads),
        sum(load.errors for load in loads),
        median(ratios),
        min(ratios),
        max(ratios),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    rows = run(seconds=args.seconds, connections=args.connections, rounds=args.rounds)
    print(f"{'endpoint':<20}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}  ratio to {BASELINE} (range)")
    for row in rows:
        print(
            f"{row.endpoint:<20}{row.rps:>9.0f}{row.p50_ms:>9.1f}{row.p99_ms:>9.1f}{row.errors:>8}"
            f"  {row.ratio:.2f} ({row.ratio_low:.2f}-{row.ratio_high:.2f})"
        )


if __name__ == "__main__":
    main()
