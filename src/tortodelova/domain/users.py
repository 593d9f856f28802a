"""Users and their e-mail value object."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from tortodelova.domain import text
from tortodelova.domain.errors import ValidationFailed

# local@domain.tld without controls, spaces or invisible format characters (`text.clean` also
# catches those outside the BMP); surrounding whitespace is trimmed. The OpenAPI schema shows it.
_ATOM, _TLD = text.visible_except("@" + text.FORMAT_BMP), text.visible_except("@." + text.FORMAT_BMP)
EMAIL_PATTERN = f"^{text.SPACE}*{_ATOM}{{1,64}}@{_ATOM}+\\.{_TLD}{{2,}}{text.SPACE}*$"
_EMAIL_RE = re.compile(EMAIL_PATTERN)
PASSWORD_MIN, PASSWORD_MAX = 8, 128


class Role(enum.StrEnum):
    USER = "user"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class Email:
    """Normalised (NFC, trimmed, lower-case) and validated e-mail address: no control or invisible
    format characters."""

    value: str

    @classmethod
    def parse(cls, raw: str) -> Email:
        value = text.clean("email", raw or "", forbid_format=True).strip().lower()
        if len(value) > 254 or not _EMAIL_RE.match(value):
            raise ValidationFailed({"email": "некорректный адрес электронной почты"})
        return cls(value)

    def __str__(self) -> str:
        return self.value


def validate_password(password: str) -> None:
    if not PASSWORD_MIN <= len(password or "") <= PASSWORD_MAX:
        raise ValidationFailed(
            {"password": f"пароль должен быть от {PASSWORD_MIN} до {PASSWORD_MAX} символов"}
        )


@dataclass(slots=True)
class User:
    id: UUID
    email: Email
    hashed_password: str
    role: Role
    created_at: datetime
    updated_at: datetime
    balance_credits: int = 0
    reserved_credits: int = 0
    is_active: bool = True

    @property
    def available_credits(self) -> int:
        return self.balance_credits - self.reserved_credits

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    def copy(self) -> User:
        return replace(self)
