"""`tortodelova dev`: the whole service on one laptop.

Embedded PostgreSQL and SeaweedFS under VAR_DIR (unless DATABASE_URL / S3_ENDPOINT point elsewhere),
migrations, the admin account, then the API and the worker as child processes. Ctrl-C stops
everything; the data stays in VAR_DIR for the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tortodelova.devstack.files import write_private
from tortodelova.devstack.lifetime import die_with_parent
from tortodelova.entrypoints.config.logging_setup import configure_logging
from tortodelova.entrypoints.config.settings import Settings
from tortodelova.entrypoints.ioc.ml_engine import DEMO_WARNING, engine_mode, fetch_models

log = logging.getLogger("tortodelova.dev")
DEFAULT_ADMIN_EMAIL = "admin@tortodelova.local"
# The Vite dev server proxies /api from this machine; nothing else stands in front of dev's API.
DEV_TRUSTED_PROXIES = "127.0.0.1/32,::1/128"


def settings_env(settings: Settings) -> dict[str, str]:
    """The settings as the environment of a child process (it reads them back with from_env)."""
    return {f.name.upper(): str(getattr(settings, f.name)) for f in dataclasses.fields(settings)}


def _secret_file(path: Path, make) -> str:  # noqa: ANN001
    if path.exists():
        return path.read_text().strip()
    value = make()
    write_private(path, value)
    return value


class DevStack:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.var = settings.var_path
        self.stack = contextlib.ExitStack()
        self.children: list[subprocess.Popen[bytes]] = []

    # --- preparation --------------------------------------------------------------------------
    def prepare(self) -> Settings:
        s = self.settings
        self.var.mkdir(parents=True, exist_ok=True)
        changes: dict[str, object] = {}
        if not s.trusted_proxies:
            changes["trusted_proxies"] = DEV_TRUSTED_PROXIES
        if not s.payment_provider:
            # Packs are bought on the site's own test checkout: the whole flow, no money.
            changes["payment_provider"], changes["allow_sandbox_payments"] = "sandbox", True
        if not s.jwt_secret:
            changes["jwt_secret"] = _secret_file(self.var / "jwt_secret", lambda: secrets.token_urlsafe(48))
        if not s.database_url:
            from tortodelova.devstack.postgres import EmbeddedPostgres

            pg = EmbeddedPostgres(self.var / "pg")
            self.stack.callback(pg.stop)
            started = time.monotonic()
            changes["database_url"] = pg.start()
            log.info("embedded PostgreSQL ready in %.1f s", time.monotonic() - started)
        if not s.s3_endpoint:
            from tortodelova.devstack.seaweed import EmbeddedS3

            s3 = EmbeddedS3(self.var / "s3", bucket=s.s3_bucket)
            self.stack.callback(s3.stop)
            changes["s3_endpoint"] = s3.start()
            changes["s3_public_endpoint"] = s.s3_public_endpoint or s3.endpoint
            changes["s3_access_key"], changes["s3_secret_key"] = s3.access_key, s3.secret_key
        self.settings = s = dataclasses.replace(s, **changes)  # type: ignore[arg-type]
        fetch_models(s)  # first start: weights from the hub when it answers, else demo with a hint
        mode = engine_mode(s)
        self.settings = s = dataclasses.replace(s, ml_engine=mode)
        asyncio.run(self._prepare_async())
        self._write_runtime_env()
        if mode == "demo":
            banner = "!" * 100
            print(f"\n{banner}\n{DEMO_WARNING}\n{banner}\n", flush=True)
        return s

    async def _prepare_async(self) -> None:
        from tortodelova.adapters.db.migrate import upgrade_async
        from tortodelova.adapters.storage.s3 import S3Config, S3ObjectStore
        from tortodelova.domain.errors import PromotionRefused
        from tortodelova.entrypoints.cli.admin_account import create_admin

        s = self.settings
        await upgrade_async(s.database_url)
        store = await S3ObjectStore(S3Config.from_settings(s)).start()
        try:
            await store.ensure_bucket()
        finally:
            await store.close()
        email = s.admin_email or DEFAULT_ADMIN_EMAIL
        try:
            created, generated = await create_admin(s, email, s.admin_password or None)
        except PromotionRefused:
            # Someone registered this address first: dev starts anyway, without promoting them.
            log.warning("%s is a regular account: not made admin (tortodelova create-admin --promote)", email)
            return
        if generated:
            note = self.var / "admin-credentials.txt"
            write_private(note, f"{email}\n{generated}\n")
            print(
                f"\nАдминистратор создан / admin created: {email}  пароль / password: {generated}\n"
                f"(сохранено в / saved to {note})\n",
                flush=True,
            )
        elif created:
            print(f"Администратор создан / admin created: {email}", flush=True)

    def _write_runtime_env(self) -> None:
        """var/runtime.env: where the embedded servers listen, for `tortodelova worker` run by hand
        against this stack (and the tests). Secrets inside: 0600."""
        keep = (
            "DATABASE_URL",
            "S3_ENDPOINT",
            "S3_PUBLIC_ENDPOINT",
            "S3_ACCESS_KEY",
            "S3_SECRET_KEY",
            "S3_BUCKET",
            "JWT_SECRET",
            "ML_ENGINE",
        )
        env = settings_env(self.settings)
        write_private(self.var / "runtime.env", "".join(f"{k}={env[k]}\n" for k in keep))

    # --- processes ----------------------------------------------------------------------------
    def spawn(self, *args: str) -> subprocess.Popen[bytes]:
        env = os.environ | settings_env(self.settings)
        # Own session: a terminal Ctrl-C reaches only this supervisor, which then stops each child
        # once; and a supervisor killed outright takes its children with it.
        proc = subprocess.Popen(
            [sys.executable, "-m", "tortodelova.entrypoints.cli.main", *args],
            env=env,
            start_new_session=True,
            preexec_fn=die_with_parent,  # noqa: PLW1509
        )
        self.children.append(proc)
        return proc

    def exited(self) -> subprocess.Popen[bytes] | None:
        """A child that has exited, if any."""
        return next((p for p in self.children if p.poll() is not None), None)

    def wait_healthy(self, timeout: float = 120.0) -> bool:
        url = f"http://{self.settings.host}:{self.settings.port}/api/health"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.exited():
                return False
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own loopback URL
                    if response.status == 200:
                        return True
            time.sleep(0.3)
        return False

    def stop_children(self, timeout: float = 20.0) -> None:
        for proc in self.children:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for proc in self.children:
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def close(self) -> None:
        self.stop_children()
        self.stack.close()


_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _stop_on_signal(signum: int, frame: object) -> None:
    """Ctrl-C / SIGTERM interrupt whatever runs, start-up included (a server starting, migrations,
    waiting for the API). Later signals are ignored: a cut-short clean-up would leave servers running."""
    for sig in _STOP_SIGNALS:
        signal.signal(sig, signal.SIG_IGN)
    raise KeyboardInterrupt


def _child_exited(proc: subprocess.Popen[bytes]) -> int:
    command = " ".join(str(a) for a in proc.args[3:])  # type: ignore[index]  # after `python -m module`
    print(
        f"процесс завершился неожиданно / a child process exited: {command} (code {proc.returncode})",
        file=sys.stderr,
    )
    return 1


def run_dev(settings: Settings) -> int:
    configure_logging(settings.log_level, settings.log_format)
    started = time.monotonic()
    dev = DevStack(settings)
    previous = {sig: signal.signal(sig, _stop_on_signal) for sig in _STOP_SIGNALS}
    try:
        s = dev.prepare()
        for n in range(s.dev_workers):
            dev.spawn("worker", "--id", f"dev-worker-{n + 1}")
        dev.spawn("serve")
        if not dev.wait_healthy():
            proc = dev.exited()
            if proc is not None:
                return _child_exited(proc)
            print("API не запустился / the API did not start", file=sys.stderr)
            return 1
        print(
            f"\n  tortodelova готов / ready in {time.monotonic() - started:.1f} s:  http://{s.host}:{s.port}\n"
            f"  API schema: http://{s.host}:{s.port}/api/schema   data: {dev.var}   Ctrl-C — stop\n",
            flush=True,
        )
        while (proc := dev.exited()) is None:
            time.sleep(0.5)
        return _child_exited(proc)
    except KeyboardInterrupt:
        print("остановка / stopping...", flush=True)
        return 0
    finally:
        for sig in _STOP_SIGNALS:
            signal.signal(sig, signal.SIG_IGN)
        dev.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
