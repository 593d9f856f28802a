"""A local stand-in for the YooKassa API v3, for the real `yookassa` SDK (YOOKASSA_API_URL).

Served on 127.0.0.1 from a stdlib HTTP server, with the calls the SDK makes:
  POST /v3/payments            create (Idempotence-Key required: the same key and body return the
                               first payment, the same key with another body is 400)
  GET  /v3/payments/{id}       read
  POST /v3/refunds             refund a succeeded payment (Idempotence-Key, as above)
  GET  /v3/refunds/{id}        read a refund
Basic auth with the shop id and secret key, else 401. Errors are YooKassa's JSON error objects.

The test plays the payer and YooKassa's back office with `pay`, `cancel` and `tamper`, builds the
notification YooKassa would send with `notification`, and sends it over HTTP with `send`. `hold_refunds`
parks refund requests (before or after the refund is made) until `release`, so a test can kill the
client in between. Every request is recorded in `requests`; `refunds_made` counts real refunds.
"""

from __future__ import annotations

import base64
import json
import threading
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SHOP_ID = "123456"
SECRET_KEY = "test_fake-yookassa-secret-key-0123456789"
# An address inside the networks YooKassa publishes (its SDK's SecurityHelper).
YOOKASSA_ADDRESS = "185.71.76.10"


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    idempotence_key: str | None
    body: dict[str, Any] | None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _error(code: str, description: str) -> dict[str, Any]:
    return {"type": "error", "id": str(uuid.uuid4()), "code": code, "description": description}


@dataclass
class FakeYooKassa:
    shop_id: str = SHOP_ID
    secret_key: str = SECRET_KEY
    payments: dict[str, dict[str, Any]] = field(default_factory=dict)
    refunds: dict[str, dict[str, Any]] = field(default_factory=dict)
    receipts: dict[str, dict[str, Any]] = field(default_factory=dict)  # payment id -> its receipt
    requests: list[Seen] = field(default_factory=list)
    refunds_made: int = 0
    _keys: dict[tuple[str, str], tuple[str, dict[str, Any]]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None
    _hold: str | None = None  # "before" | "after" the refund is made
    held: threading.Event = field(default_factory=threading.Event)
    _release: threading.Event = field(default_factory=threading.Event)

    @property
    def api_url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v3"

    # --- the test's side ----------------------------------------------------------------------
    def pay(self, payment_id: str) -> None:
        with self._lock:
            p = self.payments[payment_id]
            p.update(status="succeeded", paid=True, captured_at=_now(), refundable=True)
            p["income_amount"] = dict(p["amount"])

    def cancel(self, payment_id: str, reason: str = "insufficient_funds") -> None:
        with self._lock:
            p = self.payments[payment_id]
            p.update(status="canceled", paid=False)
            p["cancellation_details"] = {"party": "payment_network", "reason": reason}

    def tamper(self, payment_id: str, **changes: Any) -> None:
        """Change what the API reports (amount, metadata...): a shop misconfigured, or an attack."""
        with self._lock:
            self.payments[payment_id].update(changes)

    def notification(self, event: str, object_id: str) -> dict[str, Any]:
        """The body YooKassa posts: the event and a snapshot of the object as it is now."""
        with self._lock:
            obj = dict(self.refunds.get(object_id) or self.payments.get(object_id) or {"id": object_id})
        return {"type": "notification", "event": event, "object": obj}

    def send(self, url: str, body: dict[str, Any], *, forwarded_for: str | None = None) -> int:
        """POST a notification to `url`, as YooKassa does (from behind a proxy: `forwarded_for`)."""
        headers = {"Content-Type": "application/json"}
        if forwarded_for:
            headers["X-Forwarded-For"] = forwarded_for
        request = urllib.request.Request(url, json.dumps(body).encode(), headers, method="POST")  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - a local test URL
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return exc.code

    def hold_refunds(self, when: str) -> None:
        """Park the next refund requests `before` or `after` the refund is made, until `release()`;
        `held` is set when one is parked."""
        self._hold = when
        self.held.clear()
        self._release.clear()

    def release(self) -> None:
        self._hold = None
        self._release.set()

    def made(self, method: str, path_prefix: str) -> list[Seen]:
        return [r for r in self.requests if r.method == method and r.path.startswith(path_prefix)]

    # --- the server ---------------------------------------------------------------------------
    def start(self) -> FakeYooKassa:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                fake._serve(self, "GET")

            def do_POST(self) -> None:  # noqa: N802
                fake._serve(self, "POST")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.release()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def _serve(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        key = handler.headers.get("Idempotence-Key")
        path = handler.path.split("?", 1)[0]
        self.requests.append(Seen(method, path, key, body))
        expected = "Basic " + base64.b64encode(f"{self.shop_id}:{self.secret_key}".encode()).decode()
        if handler.headers.get("Authorization") != expected:
            status, answer = 401, _error("invalid_credentials", "Authentication by given credentials failed")
        else:
            status, answer = self._route(method, path, key, body)
        if answer is None:  # a held request whose client is gone: no answer
            return
        data = json.dumps(answer).encode()
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except OSError:
            pass  # the client died meanwhile

    def _route(
        self, method: str, path: str, key: str | None, body: dict[str, Any] | None
    ) -> tuple[int, dict[str, Any] | None]:
        parts = [p for p in path.split("/") if p]
        if parts[:1] != ["v3"] or len(parts) not in (2, 3) or parts[1] not in ("payments", "refunds"):
            return 404, _error("not_found", "Unknown path")
        kind = parts[1]
        if method == "GET" and len(parts) == 3:
            with self._lock:
                found = (self.payments if kind == "payments" else self.refunds).get(parts[2])
            return (200, dict(found)) if found else (404, _error("not_found", f"{kind[:-1]} not found"))
        if method != "POST" or len(parts) != 2 or not isinstance(body, dict):
            return 400, _error("invalid_request", "Bad request")
        if not key:
            return 400, _error("invalid_request", "Idempotence-Key header is required")
        with self._lock:
            first = self._keys.get((kind, key))
        if first is not None:
            stored_body, stored_id = first[1], first[0]
            if stored_body != body:
                return 400, _error("invalid_request", "Idempotence key duplicated with different parameters")
            with self._lock:
                return 200, dict((self.payments if kind == "payments" else self.refunds)[stored_id])
        if kind == "payments":
            return self._create_payment(key, body)
        return self._create_refund(key, body)

    def _create_payment(self, key: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        amount = body.get("amount") or {}
        if Decimal(str(amount.get("value", "0"))) <= 0 or amount.get("currency") != "RUB":
            return 400, _error("invalid_request", "Invalid amount")
        receipt = body.get("receipt")
        if receipt is not None and not (receipt.get("customer", {}).get("email") and receipt.get("items")):
            return 400, _error("invalid_request", "Receipt needs a customer and items")
        payment_id = f"{uuid.uuid4().hex[:8]}-000f-5000-9000-{uuid.uuid4().hex[:12]}"
        confirmation = body.get("confirmation") or {}
        payment = {
            "id": payment_id,
            "status": "pending",
            "paid": False,
            "amount": dict(amount),
            "description": body.get("description"),
            "metadata": dict(body.get("metadata") or {}),
            "confirmation": {
                "type": "redirect",
                "return_url": confirmation.get("return_url"),
                "confirmation_url": f"https://yoomoney.example/checkout/payments/v2/contract?orderId={payment_id}",
            },
            "created_at": _now(),
            "test": True,
            "refundable": False,
            "recipient": {"account_id": self.shop_id, "gateway_id": "100001"},
        }
        if receipt is not None:
            payment["receipt_registration"] = "pending"
            self.receipts[payment_id] = receipt
        with self._lock:
            self.payments[payment_id] = payment
            self._keys[("payments", key)] = (payment_id, body)
        return 200, dict(payment)

    def _create_refund(self, key: str, body: dict[str, Any]) -> tuple[int, dict[str, Any] | None]:
        if self._hold == "before":
            self.held.set()
            self._release.wait(60)
            return 200, None  # the client was killed while we held it: nothing made, nothing answered
        with self._lock:
            payment = self.payments.get(str(body.get("payment_id")))
            if payment is None:
                return 404, _error("not_found", "payment not found")
            amount = Decimal(str(body["amount"]["value"]))
            refunded = Decimal(str((payment.get("refunded_amount") or {}).get("value", "0")))
            if payment["status"] != "succeeded" or refunded + amount > Decimal(payment["amount"]["value"]):
                return 400, _error("invalid_request", "Payment can not be refunded")
            refund = {
                "id": f"{uuid.uuid4().hex[:8]}-0015-5000-8000-{uuid.uuid4().hex[:12]}",
                "payment_id": payment["id"],
                "status": "succeeded",
                "amount": dict(body["amount"]),
                "created_at": _now(),
            }
            self.refunds[refund["id"]] = refund
            payment["refunded_amount"] = {"value": f"{refunded + amount:.2f}", "currency": "RUB"}
            self.refunds_made += 1
            self._keys[("refunds", key)] = (refund["id"], body)
        if self._hold == "after":
            self.held.set()
            self._release.wait(60)
        return 200, dict(refund)
