"""Which characters text may carry, one rule for every field.

PostgreSQL refuses NUL, and control characters in a prompt, a comment or an address are never
intended; invisible format characters (zero-width, bidi overrides: Unicode category Cf) would make
two addresses that look the same differ. Text is NFC-normalised so that equal-looking input is equal.

The `*_PATTERN` strings and the building blocks below say the same for the OpenAPI schema (JSON
Schema `pattern`, valid as ECMA-262 and Python regexes), so that a string the schema allows is
accepted. They list the Basic Multilingual Plane's format characters; the few outside it (tags,
musical formatting) are refused by `check` alone. Passwords are not text in this sense: they are
only hashed, and every character counts.
"""

from __future__ import annotations

import unicodedata

from tortodelova.domain.errors import ValidationFailed

# C0 and C1 controls and DEL, written as regex ranges; multi-line text keeps tab, LF and CR.
_CONTROLS = r"\x00-\x1f\x7f-\x9f"
_CONTROLS_BUT_LAYOUT = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_LAYOUT = frozenset("\t\n\r")
# What str.split()/strip() treat as whitespace, less the controls (already refused).
_SPACES = r"\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"


def _bmp_format_ranges() -> str:
    """Category Cf within U+0000..U+FFFF as `\\uXXXX-\\uXXXX` regex ranges."""
    ranges: list[list[int]] = []
    for code in range(0x10000):
        if unicodedata.category(chr(code)) == "Cf":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)


FORMAT_BMP = _bmp_format_ranges()

# Building blocks for field patterns: any multi-line character, a visible one, a space.
CHAR = f"[^{_CONTROLS_BUT_LAYOUT}]"
VISIBLE = f"[^{_CONTROLS}{_SPACES}]"
SPACE = f"[{_SPACES}]"


def visible_except(chars: str) -> str:
    """A visible character other than `chars` (regex-escaped class contents)."""
    return f"[^{chars}{_CONTROLS}{_SPACES}]"


# Python's `$` also matches before one final newline; `check` accepts (and drops) it likewise.
SINGLE_LINE_PATTERN = f"^[^{_CONTROLS}]*$"
MULTI_LINE_PATTERN = f"^{CHAR}*$"
NON_BLANK_PATTERN = f"^{CHAR}*{VISIBLE}{CHAR}*$"  # multi-line with something besides whitespace
# One line without invisible formatting (names: `clean(..., forbid_format=True)`), and not only spaces.
_LINE_CHAR = f"[^{_CONTROLS}{FORMAT_BMP}]"
LINE_PATTERN = f"^{_LINE_CHAR}*$"
NON_BLANK_LINE_PATTERN = f"^{_LINE_CHAR}*{visible_except(FORMAT_BMP)}{_LINE_CHAR}*$"


def _bad(char: str, *, multiline: bool, forbid_format: bool) -> bool:
    category = unicodedata.category(char)
    if category == "Cc":
        return not (multiline and char in _LAYOUT)
    return forbid_format and category == "Cf"


def check(field: str, value: str, *, multiline: bool = False, forbid_format: bool = False) -> str:
    """`value` as sent, or ValidationFailed naming the first forbidden character."""
    if not multiline and value.endswith("\n"):
        value = value[:-1]
    for char in value:
        if _bad(char, multiline=multiline, forbid_format=forbid_format):
            kind = (
                "невидимый символ форматирования"
                if unicodedata.category(char) == "Cf"
                else "управляющий символ"
            )
            raise ValidationFailed({field: f"недопустимый {kind} U+{ord(char):04X}"})
    return value


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def length(value: str) -> int:
    """What a length limit counts: code points of the NFC text. An emoji is one character (not the two
    UTF-16 units a browser's `String.length` sees), a «й» typed as и + breve is one. The SPA counts the
    same way; for NFC text (what keyboards type) the schema's maxLength counts the same too."""
    return len(nfc(value))


def clean(field: str, value: str, *, multiline: bool = False, forbid_format: bool = False) -> str:
    """Checked, then NFC-normalised: what the length limits are counted on (`length`)."""
    return nfc(check(field, value, multiline=multiline, forbid_format=forbid_format))
