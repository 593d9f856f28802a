"""Contact details: a Russian phone number (+7) and a Telegram username, in one stored form each.

A phone is kept as +7 and ten digits whatever the person typed («8 (900) 123-45-67», «+7 900
1234567»); a Telegram username without its «@». None of these is a free text field.
"""

from __future__ import annotations

import re

PHONE_HINT = "номер телефона в формате +7 900 123-45-67"
TELEGRAM_HINT = "имя пользователя Telegram: 5–32 латинские буквы, цифры или _, начинается с буквы"
PHONE_INPUT_MAX = 32  # what a person may type, spaces and brackets included
TELEGRAM_INPUT_MAX = 40

_SEPARATORS = re.compile(r"[\s()\-.\u00a0]")
_PHONE = re.compile(r"(?:\+7|8|7)(\d{10})")
_TELEGRAM = re.compile(r"@?([A-Za-z][A-Za-z0-9_]{4,31})")


def phone(value: str) -> str | None:
    """+7XXXXXXXXXX, or None when `value` is not a Russian number (+7, 8 or 7 and ten digits)."""
    digits = _SEPARATORS.sub("", value)
    found = _PHONE.fullmatch(digits) if len(value) <= PHONE_INPUT_MAX else None
    return f"+7{found.group(1)}" if found else None


def telegram(value: str) -> str | None:
    """The username without «@», or None when it is not a valid one."""
    found = _TELEGRAM.fullmatch(value.strip()) if len(value) <= TELEGRAM_INPUT_MAX else None
    return found.group(1) if found else None


def show_phone(stored: str) -> str:
    """+79001234567 -> «+7 900 123-45-67»."""
    d = stored[2:]
    return f"+7 {d[:3]} {d[3:6]}-{d[6:8]}-{d[8:]}"
