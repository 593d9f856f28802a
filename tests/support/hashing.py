from __future__ import annotations

import hashlib


class PlainHasher:
    """Fast stand-in for argon2 in unit tests: sha256 with a version prefix."""

    def __init__(self, version: str = "v1") -> None:
        self.version = version

    def hash(self, password: str) -> str:
        return f"{self.version}${hashlib.sha256(password.encode()).hexdigest()}"

    def verify(self, hashed: str, password: str) -> bool:
        return hashed.split("$", 1)[1] == hashlib.sha256(password.encode()).hexdigest()

    def needs_rehash(self, hashed: str) -> bool:
        return not hashed.startswith(f"{self.version}$")
