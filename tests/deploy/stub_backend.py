"""A tiny HTTP/1.1 stand-in for the API, for testing the nginx configuration in front of it.

It serves /api/health, /api/styles, /metrics, objects under /tortodelova/ (it plays S3 too: GET and
HEAD; every request, whatever its method, is written down in `requests`) and an SSE stream at /api/generations/<id>/events that
proves whether a proxy buffers: after writing each event it waits until the client acknowledges that
event (StubBackend.ack). Through an unbuffered proxy every acknowledgement comes while the stream is
still open; a buffering proxy holds the events until the stream ends, so the acknowledgements are late.
"""

from __future__ import annotations

import json
import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

EVENTS_PER_STREAM = 3
OBJECT_PREFIX = "/tortodelova/"  # the bucket nginx_runner.BUCKET names
OBJECT_BODY = b"\x89PNG\r\n\x1a\nstub-image"
_EVENTS_PATH = re.compile(r"^/api/generations/(?P<id>[^/]+)/events$")


@dataclass
class StreamRecord:
    """What the stub saw while streaming one SSE response."""

    acked_in_time: list[bool] = field(default_factory=list)
    finished: threading.Event = field(default_factory=threading.Event)


class StubBackend:
    def __init__(self) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.stub = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._server.serve_forever, name="stub-backend", daemon=True)
        self._lock = threading.Lock()
        self._acks: dict[tuple[str, int], threading.Event] = defaultdict(threading.Event)
        self.streams: dict[str, StreamRecord] = defaultdict(StreamRecord)
        self.request_headers: dict[str, dict[str, str]] = {}
        self.requests: list[tuple[str, str]] = []  # (method, path) of every request, in order
        self.targets: list[str] = []  # the request targets as they arrived, query strings included

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> StubBackend:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def ack(self, stream_id: str, index: int) -> None:
        """The client has received event `index` of stream `stream_id`."""
        self._ack_event(stream_id, index).set()

    def _ack_event(self, stream_id: str, index: int) -> threading.Event:
        with self._lock:
            return self._acks[(stream_id, index)]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # what uvicorn speaks: keep-alive, chunked streams

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - keep pytest output quiet
        pass

    @property
    def stub(self) -> StubBackend:
        return self.server.stub  # type: ignore[attr-defined]

    def _note(self) -> str:
        path = urlsplit(self.path).path
        self.stub.requests.append((self.command, path))
        self.stub.targets.append(self.path)
        self.stub.request_headers[path] = {k.lower(): v for k, v in self.headers.items()}
        return path

    def do_HEAD(self) -> None:  # noqa: N802
        if self._note().startswith(OBJECT_PREFIX):
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(OBJECT_BODY)))
            self.end_headers()
        else:
            self._send(404, "text/plain", b"")

    def _refuse_write(self) -> None:
        self._note()
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self._send(405, "text/plain", b"stub: writes are not served\n")

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse_write  # noqa: N815

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._note()
        parts = urlsplit(self.path)
        if parts.path.startswith(OBJECT_PREFIX):
            self._send(200, "image/png", OBJECT_BODY)
        elif parts.path == "/api/health":
            self._json(200, {"status": "ok"})
        elif parts.path == "/api/styles":
            self._json(200, [{"code": "minimal", "title": "Минимализм", "description": "stub"}])
        elif parts.path == "/metrics":
            self._send(200, "text/plain; version=0.0.4", b"stub_backend_up 1\n")
        elif match := _EVENTS_PATH.match(parts.path):
            query = parse_qs(parts.query)
            ack_timeout = float(query.get("ack_timeout", ["10"])[0])
            self._stream_events(match["id"], ack_timeout)
        else:
            self._json(
                404,
                {"type": "about:blank", "title": "Not Found", "status": 404, "detail": parts.path},
                content_type="application/problem+json",
            )

    def _json(self, status: int, body: object, content_type: str = "application/json") -> None:
        self._send(status, content_type, json.dumps(body, ensure_ascii=False).encode())

    def _send(self, status: int, content_type: str, payload: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        if self.headers.get("X-Forwarded-Proto") == "https":  # as the API does
            self.send_header("Strict-Transport-Security", "max-age=31536000")
        # The API's own security headers, which nginx replaces with its copy (never two of each).
        self.send_header("Content-Security-Policy", "default-src 'none'; report-uri /stub")
        self.send_header("Referrer-Policy", "no-referrer")
        self.end_headers()
        self.wfile.write(payload)

    def _stream_events(self, stream_id: str, ack_timeout: float) -> None:
        record = self.stub.streams[stream_id]
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for index in range(EVENTS_PER_STREAM):
            status = "success" if index == EVENTS_PER_STREAM - 1 else "processing"
            data = json.dumps({"status": status, "progress": (index + 1) / EVENTS_PER_STREAM})
            self._chunk(f"id: {index}\nevent: progress\ndata: {data}\n\n".encode())
            record.acked_in_time.append(self.stub._ack_event(stream_id, index).wait(ack_timeout))
        self._chunk(b"")  # the terminating zero-length chunk
        record.finished.set()

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
