"""nginx in front of a stand-in backend: SPA fallback, /api proxying, and an SSE stream that is not buffered."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.deploy.binaries import venv_tool
from tests.deploy.conftest import SPA_MARKER
from tests.deploy.nginx_runner import (
    BUCKET,
    REPO,
    S3_PUBLIC_ENDPOINT,
    SECURITY_HEADERS_SCRIPT,
    TEMPLATE,
    TRUSTED_PROXIES_SCRIPT,
    RunningNginx,
    nginx_check,
    render_for_test,
    render_template,
    run_nginx,
    template_values,
    write_config,
)
from tests.deploy.stub_backend import EVENTS_PER_STREAM, OBJECT_BODY, StubBackend
from tortodelova.entrypoints.http.security_headers import REFERRER_POLICY, content_security_policy, origin


@pytest.fixture(scope="module")
def nginx(
    stub_backend: StubBackend, spa_root: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningNginx]:
    with run_nginx(tmp_path_factory.mktemp("nginx"), stub_backend.url, spa_root) as running:
        yield running


def read_events(url: str, stub: StubBackend, stream_id: str) -> list[dict]:
    """Read an SSE stream, acknowledging each event to the stub as soon as it is complete."""
    events: list[dict] = []
    fields: dict[str, str] = {}
    # Browsers' EventSource offers gzip too; a compressing proxy would hold small events back.
    headers = {"Accept": "text/event-stream", "Accept-Encoding": "gzip"}
    with httpx.stream("GET", url, headers=headers, timeout=httpx.Timeout(30.0)) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            if line:
                name, _, value = line.partition(":")
                fields[name] = value.strip()
                continue
            if fields:
                stub.ack(stream_id, int(fields["id"]))
                events.append(
                    {"id": int(fields["id"]), "event": fields["event"], **json.loads(fields["data"])}
                )
                fields = {}
    return events


def test_template_renders_only_its_own_placeholders() -> None:
    text = TEMPLATE.read_text()
    rendered = render_template(text, template_values("http://backend:8000", 8080, "http://minio:9000"))

    assert "${" not in rendered  # every placeholder is one the image's envsubst filter fills
    assert "proxy_pass http://backend:8000;" in rendered
    assert "set $images_upstream http://minio:9000;" in rendered
    assert "listen 8080;" in rendered
    for nginx_variable in ("$uri", "$host", "$remote_addr", "$forwarded_proto", "$images_upstream"):
        assert nginx_variable in rendered
    # The client's own X-Forwarded-For never reaches the API, nor does its X-Forwarded-Proto unchecked.
    assert "$proxy_add_x_forwarded_for" not in rendered
    assert "X-Forwarded-Proto $scheme" not in rendered
    dockerfile = (REPO / "deploy" / "frontend.Dockerfile").read_text()
    envsubst_filter = re.search(r'NGINX_ENVSUBST_FILTER="([^"]+)"', dockerfile)
    assert envsubst_filter is not None
    assert set(envsubst_filter[1].split("|")) == set(re.findall(r"\$\{([A-Z0-9_]+)\}", text))


def test_rendered_config_passes_nginx_t(stub_backend: StubBackend, spa_root: Path, tmp_path: Path) -> None:
    conf = write_config(tmp_path, render_for_test(stub_backend.url, 18080, spa_root))

    result = nginx_check(tmp_path, conf)

    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_api_health_is_proxied_with_forwarding_headers(
    nginx: RunningNginx, stub_backend: StubBackend
) -> None:
    response = httpx.get(f"{nginx.url}/api/health", timeout=10)

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    seen = stub_backend.request_headers["/api/health"]
    assert seen["x-forwarded-for"] == "127.0.0.1"
    assert seen["x-forwarded-proto"] == "http"
    assert seen["host"] == "127.0.0.1"


def test_a_clients_own_forwarding_headers_are_ignored(nginx: RunningNginx, stub_backend: StubBackend) -> None:
    # Nothing is trusted by default: not loopback, not a private range.
    spoofed = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}
    response = httpx.get(f"{nginx.url}/api/health", headers=spoofed, timeout=10)

    assert response.status_code == 200
    seen = stub_backend.request_headers["/api/health"]
    assert (seen["x-real-ip"], seen["x-forwarded-for"], seen["x-forwarded-proto"]) == (
        "127.0.0.1",
        "127.0.0.1",
        "http",
    )
    assert "strict-transport-security" not in response.headers


@pytest.mark.parametrize(
    ("forwarded_for", "client"),
    [("203.0.113.7", "203.0.113.7"), ("198.51.100.66, 203.0.113.7", "203.0.113.7")],
)
def test_a_trusted_tls_proxy_in_front_passes_on_the_client_and_the_scheme(
    stub_backend: StubBackend, spa_root: Path, tmp_path: Path, forwarded_for: str, client: str
) -> None:
    # The test client connects from 127.0.0.1, here the TLS proxy on the host that nginx is told to trust.
    headers = {"X-Forwarded-For": forwarded_for, "X-Forwarded-Proto": "https"}
    with run_nginx(tmp_path, stub_backend.url, spa_root, trusted_proxies="127.0.0.1, 10.9.0.0/16") as nginx:
        response = httpx.get(f"{nginx.url}/api/health", headers=headers, timeout=10)
        page = httpx.get(f"{nginx.url}/gallery", headers=headers, timeout=10)
        plain = httpx.get(f"{nginx.url}/gallery", headers={"X-Forwarded-Proto": "http"}, timeout=10)

    # The browser spoke HTTPS to the TLS proxy: HSTS on the SPA and the API alike, once.
    for answer in (response, page):
        assert answer.headers.get_list("strict-transport-security") == ["max-age=31536000"]
    assert "strict-transport-security" not in plain.headers

    assert response.status_code == 200
    seen = stub_backend.request_headers["/api/health"]
    # Only the right-most address the trusted proxy vouches for goes on, as the one entry.
    assert (seen["x-real-ip"], seen["x-forwarded-for"], seen["x-forwarded-proto"]) == (
        client,
        client,
        "https",
    )


def test_trusted_proxies_must_be_addresses(tmp_path: Path) -> None:
    with pytest.raises(subprocess.CalledProcessError):
        write_config(tmp_path, "", trusted_proxies="10.0.0.0/8; include /etc/passwd")


def test_images_are_served_read_only_from_the_bucket(nginx: RunningNginx, stub_backend: StubBackend) -> None:
    url = f"{nginx.url}/{BUCKET}/generations/ab/cd.png"
    response = httpx.get(
        url, headers={"Cookie": "tortodelova_refresh=secret", "Authorization": "x"}, timeout=10
    )

    assert response.status_code == 200
    assert response.content == OBJECT_BODY and response.headers["content-type"] == "image/png"
    seen = stub_backend.request_headers[f"/{BUCKET}/generations/ab/cd.png"]
    assert "cookie" not in seen and "authorization" not in seen  # no credentials travel to S3
    head = httpx.head(url, timeout=10)
    assert head.status_code == 200 and head.headers["content-length"] == str(len(OBJECT_BODY))

    before = len(stub_backend.requests)
    for method in ("PUT", "POST", "DELETE", "PATCH", "OPTIONS"):
        refused = httpx.request(method, url, content=b"not an image", timeout=10)
        assert refused.status_code == 403, method
    # Listing the bucket is no object: it never goes to S3 either.
    httpx.get(f"{nginx.url}/{BUCKET}/", timeout=10)
    httpx.get(f"{nginx.url}/{BUCKET}?list-type=2", timeout=10)
    assert stub_backend.requests[before:] == []


def test_presigned_upload_reads_keep_the_host_and_the_signature(
    nginx: RunningNginx, stub_backend: StubBackend
) -> None:
    # The API signs the URL for the host the browser sees: S3 must get that Host and the whole query.
    path = f"/{BUCKET}/uploads/u1/a1.png"
    query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=900&X-Amz-Signature=abc123"
    response = httpx.get(
        f"{nginx.url}{path}?{query}", headers={"Cookie": "tortodelova_refresh=s"}, timeout=10
    )

    assert response.status_code == 200 and response.content == OBJECT_BODY
    assert stub_backend.targets[-1] == f"{path}?{query}"
    seen = stub_backend.request_headers[path]
    assert seen["host"] == nginx.url.removeprefix("http://")
    assert "cookie" not in seen
    assert "expires" not in response.headers  # S3's own short Cache-Control, not the designs' 7 days
    assert httpx.put(f"{nginx.url}{path}?{query}", content=b"x", timeout=10).status_code == 403


def test_uploads_take_a_ten_megabyte_photo_other_api_routes_stay_small(
    nginx: RunningNginx, stub_backend: StubBackend
) -> None:
    photo = b"\xff" * (10 * 1024 * 1024 + 4096)
    upload = httpx.post(f"{nginx.url}/api/uploads", content=photo, timeout=30)
    too_big = httpx.post(f"{nginx.url}/api/uploads", content=photo + b"\xff" * (1024 * 1024), timeout=30)
    elsewhere = httpx.post(f"{nginx.url}/api/generations", content=photo, timeout=30)

    assert upload.status_code == 405  # reached the stub, which serves no writes
    assert stub_backend.requests[-1] == ("POST", "/api/uploads")
    assert too_big.status_code == 413
    assert elsewhere.status_code == 413


def test_unknown_api_path_reaches_the_backend_not_the_spa(nginx: RunningNginx) -> None:
    response = httpx.get(f"{nginx.url}/api/no-such-thing", timeout=10)

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert SPA_MARKER not in response.text


def test_client_side_routes_fall_back_to_index_html(nginx: RunningNginx) -> None:
    for path in ("/", "/gallery", "/admin/users"):
        response = httpx.get(f"{nginx.url}{path}", timeout=10)
        assert response.status_code == 200, path
        assert SPA_MARKER in response.text, path
        assert response.headers["cache-control"] == "no-cache", path


def test_share_links_are_answered_by_the_backend_not_the_spa(
    nginx: RunningNginx, stub_backend: StubBackend
) -> None:
    """/s/<token> carries Open Graph tags only the API can write (crawlers run no JavaScript)."""
    response = httpx.get(f"{nginx.url}/s/AbC-123_xyz", timeout=10)

    assert ("GET", "/s/AbC-123_xyz") in stub_backend.requests
    assert response.status_code == 404  # the stub's own answer, passed through
    assert SPA_MARKER not in response.text


def test_hashed_assets_are_served_with_long_caching(nginx: RunningNginx) -> None:
    response = httpx.get(f"{nginx.url}/assets/index-3f2a1b.js", timeout=10)

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/javascript"
    assert response.headers["cache-control"] == "max-age=31536000"
    assert httpx.get(f"{nginx.url}/assets/missing.js", timeout=10).status_code == 404


def test_metrics_are_not_exposed_publicly(nginx: RunningNginx) -> None:
    response = httpx.get(f"{nginx.url}/metrics", timeout=10)

    assert response.status_code == 404
    assert "stub_backend_up" not in response.text


def test_sse_events_arrive_one_by_one_before_the_stream_ends(
    nginx: RunningNginx, stub_backend: StubBackend
) -> None:
    events = read_events(f"{nginx.url}/api/generations/gen-1/events", stub_backend, "gen-1")

    assert [e["id"] for e in events] == list(range(EVENTS_PER_STREAM))
    assert events[-1]["status"] == "success"
    # The stub wrote each next event only after the previous one had reached this client through nginx.
    assert stub_backend.streams["gen-1"].acked_in_time == [True] * EVENTS_PER_STREAM


def test_buffering_proxy_is_caught_by_the_sse_check(
    stub_backend: StubBackend, spa_root: Path, tmp_path: Path
) -> None:
    """Negative control: without the SSE location's protections nginx holds the events until the stream ends.

    nginx 1.22 still forwards an idle stream promptly when only one of them is dropped (buffered but not
    compressed, or compressed but unbuffered, both flush); a buffered and gzip-compressed stream is held,
    which is what this check must be able to see.
    """
    template = TEMPLATE.read_text()
    assert template.count("proxy_buffering off;") == 1
    assert template.count("        gzip off;\n") == 1
    buffering = template.replace("proxy_buffering off;", "proxy_buffering on;").replace(
        "        gzip off;\n",
        "        gzip on;\n        gzip_min_length 1;\n        gzip_types text/event-stream;\n",
    )

    with run_nginx(tmp_path, stub_backend.url, spa_root, template=buffering) as running:
        events = read_events(
            f"{running.url}/api/generations/gen-2/events?ack_timeout=0.5", stub_backend, "gen-2"
        )

    assert len(events) == EVENTS_PER_STREAM  # everything arrives, but only once the stream has ended
    assert stub_backend.streams["gen-2"].acked_in_time == [False] * EVENTS_PER_STREAM


@pytest.mark.parametrize("script", [TRUSTED_PROXIES_SCRIPT, SECURITY_HEADERS_SCRIPT], ids=lambda p: p.name)
def test_the_entrypoint_scripts_pass_shellcheck(script: Path) -> None:
    result = subprocess.run(
        [venv_tool("shellcheck"), "-s", "sh", str(script)],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stdout


def test_every_page_carries_the_apis_own_policy_once(nginx: RunningNginx) -> None:
    """The SPA (its root, a deep route), a share link's page and the API (their own copies dropped): one
    Content-Security-Policy, the very one the API sends for the same S3 endpoint."""
    policy = content_security_policy(origin(S3_PUBLIC_ENDPOINT))
    assert "frame-ancestors 'none'" in policy and "script-src 'self';" in policy
    for path in ("/", "/designs/abc/redraw", "/s/AbC-123_xyz", "/api/health"):
        response = httpx.get(f"{nginx.url}{path}", timeout=10)
        assert response.headers.get_list("content-security-policy") == [policy], path
        assert response.headers.get_list("referrer-policy") == [REFERRER_POLICY], path
    # Swagger UI starts with an inline script: no policy there, as from the API
    docs = httpx.get(f"{nginx.url}/api/schema/swagger", timeout=10)
    assert "content-security-policy" not in docs.headers


@pytest.mark.parametrize("endpoint", ["javascript:alert(1)", 'https://a.example"; script-src *', "ftp://x"])
def test_the_policy_script_refuses_what_is_not_an_http_address(endpoint: str, tmp_path: Path) -> None:
    with pytest.raises(subprocess.CalledProcessError):
        write_config(tmp_path, "", s3_public_endpoint=endpoint)
