"""The text rules and the schema patterns that document them say the same thing: a string the
pattern allows is accepted, one it refuses is rejected with a Russian field error."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tortodelova.domain import text, wallet
from tortodelova.domain.errors import ValidationFailed
from tortodelova.domain.generation import PROMPT_MAX, PROMPT_PATTERN, GenerationParams, RequestedParams
from tortodelova.domain.users import EMAIL_PATTERN, Email, Role, User

# Mostly ordinary text, with controls, format characters and odd whitespace mixed in.
_ODD = st.sampled_from(
    [
        "\x00",
        "\x01",
        "\x1f",
        "\x7f",
        "\x85",
        "\t",
        "\n",
        "\r",
        "\u200b",
        "\u202e",
        "\ufeff",
        "\u00a0",
        "\u3000",
        " ",
        "\U000e0001",
        "e\u0301",
    ]
)
texts = st.lists(st.one_of(st.text(max_size=5), _ODD), max_size=8).map("".join)


def _accepts(rule, value: str) -> bool:
    try:
        rule(value)
    except ValidationFailed as exc:
        assert all(re.search("[а-я]", m) for m in exc.errors.values())  # Russian messages
        return False
    return True


def _prompt(value: str) -> GenerationParams:
    return GenerationParams.create(RequestedParams(prompt_ru=value, style="classic"), seed=1)


def _adjust(description: str) -> None:
    now = datetime.now(UTC)
    user = User(uuid4(), Email("u@example.com"), "h", Role.USER, now, now, balance_credits=10)
    wallet.admin_adjust(user, 1, description=description, admin_id=uuid4(), tx_id=uuid4(), now=now)


@given(texts)
def test_single_and_multi_line_patterns_match_the_check(value):
    assert _accepts(lambda v: text.check("f", v), value) == bool(re.search(text.SINGLE_LINE_PATTERN, value))
    assert _accepts(lambda v: text.check("f", v, multiline=True), value) == bool(
        re.search(text.MULTI_LINE_PATTERN, value)
    )


# Text is judged once NFC-normalised (what the SPA sends): the schema's pattern and maxLength say
# exactly what is accepted of NFC text; of other text, what its NFC form would be.
@given(texts)
def test_prompt_pattern_is_exactly_what_a_prompt_accepts(value):
    normal = unicodedata.normalize("NFC", value)
    allowed = bool(re.search(PROMPT_PATTERN, normal)) and len(normal) <= PROMPT_MAX
    assert _accepts(_prompt, value) == allowed


@given(texts)
def test_description_pattern_is_exactly_what_an_adjustment_accepts(value):
    normal = unicodedata.normalize("NFC", value)
    allowed = bool(re.search(text.NON_BLANK_PATTERN, normal)) and len(normal) <= wallet.DESCRIPTION_MAX
    assert _accepts(_adjust, value) == allowed


@pytest.mark.parametrize(
    ("value", "length"),
    [
        ("🍓" * 3, 3),  # an emoji is one character (two UTF-16 units in a browser)
        ("и\u0306", 1),  # «й» typed as и + combining breve
        ("Торт", 4),
    ],
)
def test_a_length_counts_code_points_after_nfc(value, length):
    assert text.length(value) == length


def test_limits_count_emoji_and_decomposed_letters_as_one_character():
    strawberries = "Торт с клубникой 🍓" * 35  # 35 emoji: 630 code points, 665 UTF-16 units
    prompt = (strawberries + "а" * 1000)[:995]
    assert len(prompt) == 995 and len(prompt.encode("utf-16-le")) // 2 == 1030
    assert _prompt(prompt).prompt_ru == prompt
    assert len(_prompt("и\u0306" * 1000).prompt_ru) == 1000  # 2000 code points as sent, 1000 after NFC
    with pytest.raises(ValidationFailed):
        _prompt("й" * 1001)
    _adjust("🍓" * wallet.DESCRIPTION_MAX)
    _adjust("и\u0306" * wallet.DESCRIPTION_MAX)
    with pytest.raises(ValidationFailed):
        _adjust("🍓" * (wallet.DESCRIPTION_MAX + 1))


emails = st.tuples(texts, st.sampled_from(["@", "@@", ""]), texts, st.sampled_from([".", ""]), texts).map(
    "".join
)


@given(emails)
def test_email_pattern_is_exactly_what_an_email_accepts(value):
    astral_format = any(ord(c) > 0xFFFF and unicodedata.category(c) == "Cf" for c in value)
    allowed = bool(re.search(EMAIL_PATTERN, value)) and len(value) <= 254 and not astral_format
    assert _accepts(Email.parse, value) == allowed


@pytest.mark.parametrize(
    "raw",
    [
        "a\x00x@example.com",
        "a\u200bx@example.com",
        "a\u202ex@example.com",
        "ax@exa\u2060mple.com",
        "a\U000e0041@example.com",
    ],
)
def test_email_refuses_control_and_invisible_characters(raw):
    with pytest.raises(ValidationFailed) as caught:
        Email.parse(raw)
    assert "email" in caught.value.errors


def test_text_is_stored_nfc_normalised():
    decomposed = "Тόрт с кремом"  # 'ό' as omicron + combining acute
    decomposed = decomposed.replace("ό", "ο\u0301")
    assert _prompt(decomposed).prompt_ru == unicodedata.normalize("NFC", decomposed)
    assert Email.parse("Cafe\u0301@example.com").value == "caf\u00e9@example.com"


def test_multi_line_text_keeps_newlines_and_tabs_single_line_does_not():
    assert text.check("d", "строка\n\tещё", multiline=True) == "строка\n\tещё"
    with pytest.raises(ValidationFailed):
        text.check("f", "строка\n\tещё")
