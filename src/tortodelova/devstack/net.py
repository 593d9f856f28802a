"""Local TCP port helpers shared by the embedded servers."""

from __future__ import annotations

import socket
import time


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    """True when a server could listen on host:port right now.

    SO_REUSEADDR mirrors what Go and PostgreSQL servers do, so ports that only have
    TIME_WAIT connections left from a stopped server count as free.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str = "127.0.0.1") -> int:
    """A port the OS says is free now. Another process may still take it before we bind: callers retry."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def wait_for_port(host: str, port: int, timeout: float) -> bool:
    """Poll until something accepts TCP connections on host:port; False when `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)
