"""A local stand-in for the Hugging Face hub, for the real huggingface_hub client (HF_ENDPOINT).

Serves model repositories from local directories on 127.0.0.1 with the endpoints the client calls:
  HEAD /api/models                               the reachability probe
  GET  /api/models/{repo}/revision/{rev}         repo_info (sha, siblings)
  GET  /api/models/{repo}/tree/{rev}             list_repo_tree (paths, sizes)
  HEAD|GET /{repo}/resolve/{rev}/{path}          hf_hub_download: ETag, X-Repo-Commit,
                                                 Content-Length; Range -> 206
`drop_once` names files whose first GET is cut off halfway (the connection closes), so the client
must resume with a Range request. Every request is recorded in `requests`.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    range: str | None


@dataclass
class FakeHub:
    repos: dict[str, Path]
    drop_once: set[str] = field(default_factory=set)  # "repo_id/path in repo"
    requests: list[Seen] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None

    @property
    def endpoint(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def sha(self, repo_id: str) -> str:
        return hashlib.sha1(repo_id.encode()).hexdigest()  # noqa: S324 - a commit id, not security

    def files(self, repo_id: str) -> list[tuple[str, Path]]:
        root = self.repos[repo_id]
        return sorted((p.relative_to(root).as_posix(), p) for p in root.rglob("*") if p.is_file())

    def downloads(self, suffix: str) -> list[Seen]:
        return [
            r
            for r in self.requests
            if r.method == "GET" and "/resolve/" in r.path and r.path.endswith(suffix)
        ]

    def start(self) -> FakeHub:
        hub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_HEAD(self) -> None:  # noqa: N802
                hub._serve(self, body=False)

            def do_GET(self) -> None:  # noqa: N802
                hub._serve(self, body=True)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    # --- routing ------------------------------------------------------------------------------
    def _serve(self, h: BaseHTTPRequestHandler, *, body: bool) -> None:
        path = unquote(urlsplit(h.path).path)
        self.requests.append(Seen(h.command, path, h.headers.get("Range")))
        if path == "/api/models":
            return self._json(h, [], body)
        if path.startswith("/api/models/"):
            return self._api(h, path.removeprefix("/api/models/"), body)
        for repo_id in self.repos:
            prefix = f"/{repo_id}/resolve/"
            if path.startswith(prefix):
                _rev, _, file_path = path.removeprefix(prefix).partition("/")
                return self._file(h, repo_id, file_path, body)
        return self._json(h, {"error": "Repository not found"}, body, status=404)

    def _api(self, h: BaseHTTPRequestHandler, rest: str, body: bool) -> None:
        for repo_id in self.repos:
            if rest.startswith(f"{repo_id}/tree/"):
                tree = [
                    {"type": "file", "path": name, "size": p.stat().st_size, "oid": self._etag(p)}
                    for name, p in self.files(repo_id)
                ]
                return self._json(h, tree, body)
            if rest == repo_id or rest.startswith(f"{repo_id}/revision/"):
                siblings = [{"rfilename": name, "size": p.stat().st_size} for name, p in self.files(repo_id)]
                info = {
                    "id": repo_id,
                    "modelId": repo_id,
                    "sha": self.sha(repo_id),
                    "private": False,
                    "siblings": siblings,
                    "tags": [],
                    "downloads": 0,
                    "likes": 0,
                }
                return self._json(h, info, body)
        return self._json(h, {"error": "Repository not found"}, body, status=404)

    @staticmethod
    def _etag(p: Path) -> str:
        return hashlib.sha256(p.read_bytes()).hexdigest()

    def _file(self, h: BaseHTTPRequestHandler, repo_id: str, file_path: str, body: bool) -> None:
        source = self.repos[repo_id] / file_path
        if not source.is_file():
            return self._json(h, {"error": "Entry not found"}, body, status=404)
        data = source.read_bytes()
        start = 0
        if (rng := h.headers.get("Range")) and rng.startswith("bytes="):
            start = int(rng.removeprefix("bytes=").split("-")[0] or 0)
        part = data[start:]
        h.send_response(206 if start else 200)
        h.send_header("ETag", f'"{self._etag(source)}"')
        h.send_header("X-Repo-Commit", self.sha(repo_id))
        h.send_header("Accept-Ranges", "bytes")
        h.send_header("Content-Length", str(len(part)))
        if start:
            h.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        h.end_headers()
        if not body:
            return
        key = f"{repo_id}/{file_path}"
        if key in self.drop_once and not start:
            self.drop_once.discard(key)
            h.wfile.write(part[: len(part) // 2])  # half, then the connection goes away
            h.wfile.flush()
            h.close_connection = True
            return
        h.wfile.write(part)

    @staticmethod
    def _json(h: BaseHTTPRequestHandler, payload: object, body: bool, status: int = 200) -> None:
        raw = json.dumps(payload).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(raw)))
        if status == 404:
            h.send_header("X-Error-Code", "RepoNotFound" if "Repository" in raw.decode() else "EntryNotFound")
        h.end_headers()
        if body:
            h.wfile.write(raw)
