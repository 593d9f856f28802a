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


class TokenService(Protocol):
    access_ttl_seconds: int
    refresh_ttl_seconds: int

    def issue_access(self, user: User) -> str: ...
    def decode_access(self, token: str) -> AccessClaims:
        """Raises domain InvalidToken for anything but a valid, unexpired token of ours."""
        ...
    def new_refresh_secret(self) -> str: ...
    def hash_refresh_secret(self, secret: str) -> str: ...
