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

# What may stand between the digits: spaces, brackets, hyphens, dots. The patterns are also the
# OpenAPI schema's (valid as ECMA-262 and Python regexes): empty, or a whole number / username.
_SEP = r"[ ()\-.\u00a0]"
PHONE_PATTERN = rf"^(?:{_SEP}*(?:\+{_SEP}*7|8|7)(?:{_SEP}*[0-9]){{10}}{_SEP}*)?$"
TELEGRAM_PATTERN = r"^(?:@?[A-Za-z][A-Za-z0-9_]{4,31})?$"
_SEPARATORS = re.compile(_SEP)


def phone(value: str) -> str | None:
    """+7XXXXXXXXXX, or None when `value` is not a Russian number (+7, 8 or 7 and ten digits)."""
    if not value or len(value) > PHONE_INPUT_MAX or not re.fullmatch(PHONE_PATTERN, value):
        return None
    return "+7" + _SEPARATORS.sub("", value).removeprefix("+")[1:]


def telegram(value: str) -> str | None:
    """The username without «@», or None when it is not a valid one."""
    if len(value) > TELEGRAM_INPUT_MAX or not value or not re.fullmatch(TELEGRAM_PATTERN, value):
        return None
    return value.removeprefix("@")


def show_phone(stored: str) -> str:
    """+79001234567 -> «+7 900 123-45-67»."""
    d = stored[2:]
    return f"+7 {d[:3]} {d[3:6]}-{d[6:8]}-{d[8:]}"
