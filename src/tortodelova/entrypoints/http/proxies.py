"""Who really called, and over which scheme, when the API sits behind proxies it trusts.

`X-Forwarded-For` / `X-Forwarded-Proto` are plain request headers anyone can write; they count only
when the TCP peer is in TRUSTED_PROXIES. The client is then the right-most address in
`X-Forwarded-For` that is not itself a trusted proxy: every entry to its left was written by the
client (or by proxies we know nothing about) and could be anything. The ASGI scope's `client` and
`scheme` are rewritten once here, so every later reader (rate limits, cookies, logs) sees the same.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
# Browsers remember it for a year; sent only on responses to HTTPS requests (RFC 6797 ignores it on http).
HSTS = b"max-age=31536000"


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


class TrustedProxies:
    def __init__(self, networks: Iterable[str]) -> None:
        self.networks: list[IPNetwork] = [ipaddress.ip_network(n.strip(), strict=False) for n in networks]

    @classmethod
    def parse(cls, setting: str) -> TrustedProxies:
        """TRUSTED_PROXIES: comma- or space-separated addresses or CIDRs; empty trusts no one."""
        try:
            return cls(part for part in setting.replace(",", " ").split() if part)
        except ValueError as exc:
            raise ValueError(f"TRUSTED_PROXIES: {exc}") from None

    def trusts(self, host: str) -> bool:
        address = _address(host)
        return address is not None and any(address in network for network in self.networks)

    def client(self, peer: str, forwarded_for: str) -> str:
        if not self.trusts(peer):
            return peer
        hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
        client = peer
        for hop in reversed(hops):
            if _address(hop) is None:
                break  # junk a trusted proxy would not write: stop at the last address we can vouch for
            client = hop
            if not self.trusts(hop):
                break
        return client

    def scheme(self, peer: str, scheme: str, forwarded_proto: str) -> str:
        if not self.trusts(peer):
            return scheme
        proto = forwarded_proto.split(",")[-1].strip().lower()
        return proto if proto in ("http", "https") else scheme


def _header(scope: Scope, name: bytes) -> str:
    return ", ".join(v.decode("latin-1") for k, v in scope.get("headers", []) if k.lower() == name)


def behind_proxies(app: ASGIApp, proxies: TrustedProxies) -> ASGIApp:
    """Rewrites scope client and scheme from trusted proxies' headers; adds HSTS to HTTPS responses."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in (ScopeType.HTTP, ScopeType.WEBSOCKET):
            await app(scope, receive, send)
            return
        peer, port = scope.get("client") or ("", 0)
        scheme = proxies.scheme(peer, scope.get("scheme", "http"), _header(scope, b"x-forwarded-proto"))
        if scope["type"] == ScopeType.WEBSOCKET:
            scheme = {"https": "wss", "http": "ws"}.get(scheme, scheme)
        client = proxies.client(peer, _header(scope, b"x-forwarded-for"))
        scope = {**scope, "client": (client, port), "scheme": scheme}  # type: ignore[assignment]
        if scheme != "https":
            await app(scope, receive, send)
            return

        async def send_with_hsts(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {
                    **message,
                    "headers": [*message.get("headers", []), (b"strict-transport-security", HSTS)],
                }
            await send(message)

        await app(scope, receive, send_with_hsts)

    return middleware
