"""Password hashing and access/refresh tokens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from tortodelova.domain.users import User


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...
    def verify(self, hashed: str, password: str) -> bool: ...
    def needs_rehash(self, hashed: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class AccessClaims:
    user_id: UUID
    role: str
    session_id: UUID  # the refresh-token family the access token was issued for


class TokenService(Protocol):
    access_ttl_seconds: int
    refresh_ttl_seconds: int

    def issue_access(self, user: User, session_id: UUID) -> str: ...
    def decode_access(self, token: str) -> AccessClaims:
        """Raises domain InvalidToken for anything but a valid, unexpired token of ours."""
        ...

    def new_refresh_secret(self) -> str: ...
    def successor_secret(self, secret: str) -> str:
        """The secret that replaces `secret` on rotation: the same every time for the same input."""
        ...

    def hash_refresh_secret(self, secret: str) -> str: ...
