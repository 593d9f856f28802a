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
    # Expired or revoked refresh tokens are deleted this long after expiry/revocation (a rotated token
    # replayed within the window still revokes its whole login), by the API every purge interval (0: off).
    refresh_token_retention_hours: int = 168
    refresh_token_purge_interval_seconds: int = 3600
    # A refresh token rotated less than this long ago yields its successor again instead of revoking
    # the login: tabs opened together refresh with the same cookie at the same moment.
    refresh_reuse_grace_seconds: int = 10

    # Abuse limits, over all API processes together: counted in PostgreSQL (entrypoints/http/limits/,
    # adapters/db/limits.py). 0 turns one off.
    # Registrations per client address a minute: a bakery signs up a few people, a bot thousands.
    auth_rate_limit_per_minute: int = 10
    # Failed logins per account (e-mail) in LOGIN_FAILURE_WINDOW_SECONDS: 10 per 15 minutes lets a
    # person mistype for a while, yet caps a guesser at 40 passwords an hour for that account.
    login_failures_per_account: int = 10
    # Failed logins per client address (IPv6: per /64) in the same window: 100 leaves room for many
    # people behind one shared NAT, and stops one address from trying a password on many accounts.
    login_failures_per_address: int = 100
    login_failure_window_seconds: int = 900
    # Token refreshes per client address a minute: a tab refreshes every ACCESS_TOKEN_TTL_SECONDS
    # (15 minutes), so 60 covers dozens of open tabs behind one address.
    refresh_rate_limit_per_minute: int = 60
    # Clients' answers on a share link an hour: per address on one link, and per link in all.
    feedback_per_address_per_hour: int = 10
    feedback_per_link_per_hour: int = 50
    welcome_bonus_credits: int = 30
    # Orders (issue 23): the zone of the bakery's calendar (an IANA name): "today", the earliest date
    # an order can be made for, and the .ics events.
    bakery_timezone: str = "Europe/Moscow"
    admin_email: str = ""
    admin_password: str = ""
    # ML
    ml_engine: str = "auto"  # auto | real | demo
    ml_device: str = "auto"  # auto | cuda | mps | cpu
    translator_model: str = "Helsinki-NLP/opus-mt-ru-en"
    generator_model: str = "Lykon/dreamshaper-8"
    generator_scheduler: str = "dpmpp_2m_karras"
    draft_lora: str = "latent-consistency/lcm-lora-sdv1-5"  # «Черновик»; absent files -> drafts refused
    # Live previews: TAESD (optional small download; absent -> the linear approximation), every N steps
    preview_decoder: str = "madebyollin/taesd"
    preview_every: int = 4  # 0 = no previews
    # Print upscaler (issue 22): Real-ESRGAN x4plus weights (a repo with RealESRGAN_x4plus.safetensors
    # or .pth, or a local directory); absent on a real engine -> upscales are refused (409)
    upscaler_model: str = "Comfy-Org/Real-ESRGAN_repackaged"
    upscale_credits: int = 2  # the price of one upscale, charged once its picture is stored
    upscale_tile: int = 256  # px of input per tile: bounds the upscaler's memory
    upscale_overlap: int = 32  # px of context around each tile: no seams
    models_dir: str = ""  # Hugging Face cache dir; empty -> the default HF cache
    ml_auto_pull: bool = False  # worker: fetch missing weights at start (`dev` always tries)
    # worker
    worker_batch_size: int = 4
    lease_seconds: int = 120
    max_attempts: int = 3
    poll_interval_seconds: float = 5.0
    # fairness and load (API)
    max_active_generations: int = 20  # pending + processing per user; more is 429
    pending_ttl_hours: float = 24.0  # a request still pending after this fails, credits released
    # how often the API expires stale requests and deletes expired limit counts; 0 = never
    housekeeping_interval_seconds: float = 60.0
    max_streams_per_user: int = 5  # open SSE streams per user, over all API processes; more is 429
    queue_snapshot_seconds: float = 3.0  # age of the shared queue-position snapshot the streams read
    ready_cache_seconds: float = 5.0  # /api/ready answers from a cache this old at most
    # payments (docs/DEPLOY.md, «Оплата»): yookassa | sandbox | none. Empty: none, except in
    # `tortodelova dev`, which uses the sandbox. `serve` refuses sandbox unless ALLOW_SANDBOX_PAYMENTS.
    payment_provider: str = ""
    allow_sandbox_payments: bool = False
    credit_packs: str = "30:199,100:590,300:1490"  # credits:roubles, comma-separated
    yookassa_shop_id: str = ""
    yookassa_secret_key: str = ""
    yookassa_api_url: str = "https://api.yookassa.ru/v3"
    yookassa_return_url: str = ""  # empty: {PUBLIC_BASE_URL}/balance (or the request's own address)
    # Addresses whose notifications are believed (comma-separated addresses or CIDRs); empty: the
    # networks YooKassa publishes (the SDK's SecurityHelper). The client is decided with TRUSTED_PROXIES.
    yookassa_webhook_trusted_ips: str = ""
    yookassa_receipts: bool = False  # 54-FZ receipts with each payment and refund
    yookassa_vat_code: int = 1  # the receipt item's VAT code (YooKassa's table; 1: no VAT)
    payment_settle_after_seconds: float = 120.0  # the reconciler re-reads payments pending this long
    payment_check_hours: float = 24.0  # ...and stops asking about one this old
    # HTTP / process
    # Proxies whose X-Forwarded-For / X-Forwarded-Proto count (comma-separated addresses or CIDRs).
    # Empty: none, the TCP peer is the client (`tortodelova dev` trusts loopback, its Vite proxy).
    trusted_proxies: str = ""
    # The site's address as clients reach it (https://cakes.example), for share links and their
    # previews; empty: the address each request came to.
    public_base_url: str = ""
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "INFO"
    log_format: str = "text"  # text | json
    var_dir: str = "var"
    dev_workers: int = 1  # worker processes `tortodelova dev` starts
    frontend_dist: str = "frontend/dist"
    # Where the API reads the SPA's index.html for share pages when FRONTEND_DIST has no build
    # (compose: the frontend nginx); empty: a self-contained page instead.
    spa_index_url: str = ""

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
                values[f.name] = (
                    _parse_bool(raw) if kind is bool else kind(raw) if kind in (int, float) else raw
                )
            except ValueError as exc:
                raise ValueError(f"{f.name.upper()}: expected {kind.__name__}, got {raw!r}") from exc
        return cls(**values)  # type: ignore[arg-type]

    @property
    def var_path(self) -> Path:
        return Path(self.var_dir).resolve()

    @staticmethod
    def env_names() -> list[str]:
        return [f.name.upper() for f in fields(Settings)]
