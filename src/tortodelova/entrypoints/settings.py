"""Settings: environment variables -> one frozen object. Read once per process, never at import time."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import get_type_hints


def _parse_bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError(raw)


@dataclass(frozen=True, slots=True)
class Settings:
    # database (empty -> embedded PostgreSQL under VAR_DIR in `tortodelova dev`)
    database_url: str = ""
    # S3 (names follow the seed; empty endpoint -> embedded SeaweedFS in `tortodelova dev`)
    s3_endpoint: str = ""
    s3_public_endpoint: str = ""
    s3_region: str = "us-east-1"
    s3_bucket: str = "tortodelova"
    s3_access_key: str = ""
    s3_secret_key: str = ""
    s3_addressing_style: str = "path"
    # auth
    jwt_secret: str = ""
    jwt_issuer: str = "tortodelova"
    jwt_audience: str = "tortodelova-api"
    access_token_ttl_seconds: int = 900
    refresh_token_ttl_days: int = 30
    auth_rate_limit_per_minute: int = 10
    welcome_bonus_credits: int = 30
    admin_email: str = ""
    admin_password: str = ""
    # ML
    ml_engine: str = "auto"  # auto | real | demo
    ml_device: str = "auto"  # auto | cuda | mps | cpu
    translator_model: str = "Helsinki-NLP/opus-mt-ru-en"
    generator_model: str = "Lykon/dreamshaper-8"
    generator_scheduler: str = "dpmpp_2m_karras"
    models_dir: str = ""  # Hugging Face cache dir; empty -> the default HF cache
    ml_auto_pull: bool = False  # worker: fetch missing weights at start (`dev` always tries)
    # worker
    worker_batch_size: int = 4
    lease_seconds: int = 120
    max_attempts: int = 3
    poll_interval_seconds: float = 5.0
    # HTTP / process
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "INFO"
    log_format: str = "text"  # text | json
    var_dir: str = "var"
    dev_workers: int = 1  # worker processes `tortodelova dev` starts
    frontend_dist: str = "frontend/dist"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        hints = get_type_hints(cls)
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f.name.upper())
            if raw is None or raw == "":
                continue
            kind = hints[f.name]
            try:
                values[f.name] = _parse_bool(raw) if kind is bool else kind(raw) if kind in (int, float) else raw
            except ValueError as exc:
                raise ValueError(f"{f.name.upper()}: expected {kind.__name__}, got {raw!r}") from exc
        return cls(**values)  # type: ignore[arg-type]

    @property
    def var_path(self) -> Path:
        return Path(self.var_dir).resolve()

    @staticmethod
    def env_names() -> list[str]:
        return [f.name.upper() for f in fields(Settings)]
