"""Render deploy/nginx/default.conf.template the way the nginx image does, and run it with the local nginx.

The image's entrypoint runs envsubst over /etc/nginx/templates/*.template with only the variables
named by NGINX_ENVSUBST_FILTER, so nginx's own $variables survive; render_template does the same.
run_nginx wraps the rendered server block in a main config whose every path lives under a temporary
prefix, so it needs no root and leaves nothing behind.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from tortodelova.devstack.net import free_port

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "deploy" / "nginx" / "default.conf.template"
TRUSTED_PROXIES_SCRIPT = REPO / "deploy" / "nginx" / "trusted-proxies.sh"
SECURITY_HEADERS_SCRIPT = REPO / "deploy" / "nginx" / "security-headers.sh"
POLICY_FILE = REPO / "src" / "tortodelova" / "entrypoints" / "http" / "content_security_policy.txt"
# Where the test config's images come from (compose: the site itself, or a managed S3's address).
S3_PUBLIC_ENDPOINT = "https://images.example:9000/tortodelova"
BUCKET = "tortodelova"
IMAGE_HTML_ROOT = "/usr/share/nginx/html"
_PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def nginx_binary() -> str:
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )
    if found is None:
        raise RuntimeError("nginx is not installed: apt-get install -y nginx")
    return found


def render_template(text: str, values: Mapping[str, str]) -> str:
    """envsubst restricted to `values`: other ${NAME}s and all of nginx's $vars stay as they are."""
    return _PLACEHOLDER.sub(lambda m: values.get(m[1], m[0]), text)


@dataclass(frozen=True)
class RunningNginx:
    url: str
    prefix: Path

    @property
    def error_log(self) -> str:
        path = self.prefix / "logs" / "error.log"
        return path.read_text() if path.exists() else ""


def write_config(
    prefix: Path, server_block: str, trusted_proxies: str = "", s3_public_endpoint: str = S3_PUBLIC_ENDPOINT
) -> Path:
    """A main nginx.conf with all state under `prefix`: the rules trusted-proxies.sh and
    security-headers.sh render (as the image's entrypoint does) and the rendered server block."""
    for sub in ("logs", "tmp", "conf.d"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    path = os.environ.get("PATH", "/usr/bin:/bin")
    subprocess.run(
        ["sh", str(TRUSTED_PROXIES_SCRIPT), str(prefix / "conf.d" / "00-trusted-proxies.conf")],
        env={"PATH": path, "TRUSTED_PROXIES": trusted_proxies},
        check=True,
        timeout=30,
    )
    subprocess.run(
        [
            "sh",
            str(SECURITY_HEADERS_SCRIPT),
            str(POLICY_FILE),
            str(prefix / "conf.d" / "00-security-headers.conf"),
        ],
        env={"PATH": path, "S3_PUBLIC_ENDPOINT": s3_public_endpoint},
        check=True,
        timeout=30,
    )
    (prefix / "conf.d" / "default.conf").write_text(server_block)
    # As root the master would hand the workers to `nobody`, who cannot read pytest's 0700 temp dirs.
    user = "user root;\n" if os.geteuid() == 0 else ""
    tmp = prefix / "tmp"
    conf = prefix / "nginx.conf"
    conf.write_text(
        f"""{user}worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log info;
events {{ worker_connections 64; }}
http {{
    types {{
        text/html html; text/css css; application/javascript js mjs; application/json json;
        image/svg+xml svg; image/png png;
    }}
    default_type application/octet-stream;
    access_log {prefix}/logs/access.log;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {prefix}/conf.d/*.conf;
}}
"""
    )
    return conf


def nginx_check(prefix: Path, conf: Path) -> subprocess.CompletedProcess[str]:
    """`nginx -t` on the config: syntax, directives, and that the upstream host resolves."""
    return subprocess.run(
        [nginx_binary(), "-t", "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "logs" / "error.log")],
        capture_output=True,
        text=True,
        timeout=30,
    )


def template_values(backend_url: str, port: int, s3_url: str | None = None) -> dict[str, str]:
    """What the image's environment fills in (compose sets these on the frontend service)."""
    return {
        "BACKEND_URL": backend_url,
        "NGINX_PORT": str(port),
        "S3_UPSTREAM": s3_url or backend_url,
        "S3_BUCKET": BUCKET,
        "NGINX_RESOLVER": "127.0.0.11",
    }


UPSTREAM = "tortodelova_backend"


def upstream_template(servers: Sequence[str]) -> tuple[str, str]:
    """(BACKEND_URL, template) for several API replicas, as compose's `--scale backend=N` gives them:
    Docker's DNS answers `backend` with every replica's address and nginx balances over them as one
    upstream (round robin; a server that refuses connections is skipped for 10 s and the request goes
    to the next). Here that upstream is spelt out, before the deploy template's server block."""
    lines = "".join(f"    server {urlsplit(url).netloc};\n" for url in servers)
    return f"http://{UPSTREAM}", f"upstream {UPSTREAM} {{\n{lines}}}\n\n{TEMPLATE.read_text()}"


def render_for_test(
    backend_url: str, port: int, html_root: Path, template: str | None = None, s3_url: str | None = None
) -> str:
    text = TEMPLATE.read_text() if template is None else template
    rendered = render_template(text, template_values(backend_url, port, s3_url))
    if IMAGE_HTML_ROOT not in rendered:
        raise AssertionError(f"the template no longer serves {IMAGE_HTML_ROOT}")
    return rendered.replace(IMAGE_HTML_ROOT, str(html_root))


@contextmanager
def run_nginx(
    prefix: Path,
    backend_url: str,
    html_root: Path,
    template: str | None = None,
    *,
    trusted_proxies: str = "",
    s3_url: str | None = None,
) -> Iterator[RunningNginx]:
    """Start nginx in the foreground on a free port; stop it (and wait for it) on exit.
    The images location proxies to `s3_url` (default: the backend stand-in, which also plays S3).
    A port taken by another test's server between picking and binding it means another try."""
    for _attempt in range(5):
        proc, running = _start_nginx(prefix, backend_url, html_root, template, trusted_proxies, s3_url)
        try:
            if _listening(proc, running):
                yield running
                return
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
    raise AssertionError(f"nginx found no free port in 5 tries:\n{running.error_log}")


def _start_nginx(
    prefix: Path,
    backend_url: str,
    html_root: Path,
    template: str | None,
    trusted_proxies: str,
    s3_url: str | None,
) -> tuple[subprocess.Popen[str], RunningNginx]:
    port = free_port()
    rendered = render_for_test(backend_url, port, html_root, template, s3_url)
    conf = write_config(prefix, rendered, trusted_proxies)
    check = nginx_check(prefix, conf)
    if check.returncode != 0:
        raise AssertionError(f"nginx -t failed:\n{check.stderr}")
    (prefix / "nginx.pid").unlink(missing_ok=True)
    (prefix / "logs" / "error.log").unlink(missing_ok=True)  # this try's messages only
    proc = subprocess.Popen(
        [nginx_binary(), "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "logs" / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    return proc, RunningNginx(url=f"http://127.0.0.1:{port}", prefix=prefix)


def _listening(proc: subprocess.Popen[str], running: RunningNginx) -> bool:
    """True once this nginx has bound its port: it writes its pid file only after binding, so a
    connection accepted before that may be another server's. False when the port was taken."""
    pid_file = running.prefix / "nginx.pid"
    for _ in range(400):  # bounded: ~20 s (a taken port makes nginx retry bind() for 2.5 s)
        if proc.poll() is not None:
            stderr = proc.stderr.read() if proc.stderr else ""
            if "Address already in use" in stderr + running.error_log:
                return False
            raise AssertionError(f"nginx exited with {proc.returncode}:\n{stderr}\n{running.error_log}")
        if pid_file.exists() and pid_file.read_text().strip() == str(proc.pid):
            return True
        time.sleep(0.05)
    raise AssertionError(f"nginx did not listen on {running.url}:\n{running.error_log}")
