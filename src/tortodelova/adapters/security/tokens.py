from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import timedelta
from uuid import UUID

import jwt

from tortodelova.application.ports.security import AccessClaims
from tortodelova.application.ports.system import Clock
from tortodelova.domain.errors import InvalidToken
from tortodelova.domain.users import User

ALGORITHM = "HS256"  # pinned: decode() accepts nothing else, so "alg: none" and RS/HS confusion fail


class JwtTokenService:
    def __init__(
        self,
        secret: str,
        clock: Clock,
        *,
        issuer: str,
        audience: str,
        access_ttl_seconds: int = 900,
        refresh_ttl_seconds: int = 30 * 86400,
    ) -> None:
        if len(secret) < 32:
            raise ValueError("JWT_SECRET must be at least 32 characters")
        self._secret, self._clock = secret, clock
        self.issuer, self.audience = issuer, audience
        self.access_ttl_seconds, self.refresh_ttl_seconds = access_ttl_seconds, refresh_ttl_seconds

    def issue_access(self, user: User, session_id: UUID) -> str:
        now = self._clock.now()
        claims = {
            "sub": str(user.id),
            "sid": str(session_id),  # the refresh-token family: revoking it ends this token too
            "role": user.role.value,
            "iss": self.issuer,
            "aud": self.audience,
            "iat": int(now.timestamp()),
            "exp": int((now + timedelta(seconds=self.access_ttl_seconds)).timestamp()),
            "jti": secrets.token_hex(8),
        }
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM)

    def decode_access(self, token: str) -> AccessClaims:
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],
                audience=self.audience,
                issuer=self.issuer,
                # Expiry is checked below against the Clock port (one notion of "now" everywhere).
                options={
                    "require": ["exp", "iat", "sub", "sid", "iss", "aud"],
                    "verify_exp": False,
                    "verify_iat": False,
                },
            )
            expires = claims["exp"]
            if expires <= self._clock.now().timestamp():
                raise jwt.ExpiredSignatureError()
            return AccessClaims(UUID(claims["sub"]), str(claims.get("role", "user")), UUID(claims["sid"]))
        except jwt.ExpiredSignatureError:
            raise InvalidToken("Срок действия токена истёк") from None
        except (jwt.PyJWTError, ValueError, KeyError):
            raise InvalidToken() from None

    def new_refresh_secret(self) -> str:
        return secrets.token_urlsafe(32)

    def successor_secret(self, secret: str) -> str:
        # Derived, not random: a rotated token presented again within the grace window yields the same
        # successor without the server ever storing a usable secret (only hashes are kept).
        key = hashlib.sha256(b"refresh-successor:" + self._secret.encode()).digest()
        digest = hmac.new(key, secret.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    def hash_refresh_secret(self, secret: str) -> str:
        # A 256-bit random secret needs no slow hash: sha256 is enough to make a DB leak useless.
        return hashlib.sha256(secret.encode()).hexdigest()
