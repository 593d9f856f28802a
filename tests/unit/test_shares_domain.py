"""Share links and feedback in the domain: unguessable tokens, lifetimes, text rules."""

from __future__ import annotations

import base64
import math
import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from tortodelova.domain.errors import NotFound, ValidationFailed
from tortodelova.domain.shares import (
    Decision,
    Feedback,
    FeedbackSummary,
    Share,
    new_token,
)

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
URLSAFE = re.compile(r"^[A-Za-z0-9_-]+$")


def make_share(**overrides: object) -> Share:
    values: dict[str, object] = {
        "token": new_token(),
        "user_id": uuid4(),
        "generation_ids": (uuid4(),),
        "note": None,
        "expires_in_days": None,
        "now": NOW,
    }
    return Share.create(**(values | overrides))  # type: ignore[arg-type]


def test_tokens_are_long_urlsafe_and_carry_at_least_128_random_bits():
    tokens = [new_token() for _ in range(5000)]
    assert len(set(tokens)) == len(tokens)
    for token in tokens[:100]:
        assert len(token) >= 22 and URLSAFE.match(token), token
        assert len(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))) * 8 >= 128
    # Every character of the alphabet shows up about equally often: the bytes are not biased.
    counts = Counter("".join(tokens))
    assert len(counts) == 64
    expected = sum(counts.values()) / 64
    chi2 = sum((n - expected) ** 2 / expected for n in counts.values())
    assert chi2 < 130, chi2  # 63 degrees of freedom: p < 1e-6 above ~130
    # Shannon entropy per character close to the 6 bits of the alphabet.
    total = sum(counts.values())
    assert -sum(n / total * math.log2(n / total) for n in counts.values()) > 5.99


def test_a_link_lives_until_it_expires_or_is_revoked():
    share = make_share(expires_in_days=3)
    assert share.expires_at == NOW + timedelta(days=3)
    assert share.is_live(NOW) and share.is_live(NOW + timedelta(days=3, seconds=-1))
    assert not share.is_live(NOW + timedelta(days=3))
    revoked = share.revoke(NOW + timedelta(hours=1))
    assert not revoked.is_live(NOW + timedelta(hours=1)) and share.is_live(NOW + timedelta(hours=1))
    assert revoked.revoke(NOW + timedelta(days=1)).revoked_at == NOW + timedelta(hours=1)
    assert make_share().expires_at == NOW + timedelta(days=14)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"expires_in_days": 0}, "expires_in_days"),
        ({"expires_in_days": 91}, "expires_in_days"),
        ({"note": "ц" * 501}, "note"),
        ({"note": "цена\x00"}, "note"),
        ({"note": "x", "expires_in_days": -1}, "expires_in_days"),
    ],
)
def test_share_input_is_refused_in_russian(overrides: dict[str, object], field: str):
    with pytest.raises(ValidationFailed) as refused:
        make_share(**overrides)
    assert field in refused.value.errors
    assert re.search("[а-я]", refused.value.errors[field])


def test_a_note_keeps_its_lines_and_loses_surrounding_blanks():
    assert make_share(note="  3500 ₽\n\tк субботе \n").note == "3500 ₽\n\tк субботе"
    assert make_share(note=" \n ").note is None
    assert make_share(note="e\u0301").note == "\u00e9"  # NFC


def answer(share: Share, designs: tuple, **overrides: object) -> Feedback:
    values: dict[str, object] = {
        "id": uuid4(),
        "share": share,
        "designs": designs,
        "decision": "approved",
        "comment": None,
        "name": None,
        "generation_id": None,
        "now": NOW,
    }
    return Feedback.create(**(values | overrides))  # type: ignore[arg-type]


def test_feedback_names_the_chosen_design():
    one, two = uuid4(), uuid4()
    share = make_share(generation_ids=(one, two))
    assert answer(share, (one,)).generation_id == one  # one design on show: it is implied
    with pytest.raises(ValidationFailed) as refused:
        answer(share, (one, two))
    assert "generation_id" in refused.value.errors
    assert answer(share, (one, two), generation_id=two).generation_id == two
    with pytest.raises(NotFound):
        answer(share, (one,), generation_id=two)  # not (or no longer) on the link


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"decision": "yes"}, "decision"),
        ({"comment": "к" * 1001}, "comment"),
        ({"comment": "звонок\x07"}, "comment"),
        ({"name": "и" * 81}, "name"),
        ({"name": "Анна\nИванова"}, "name"),
        ({"name": "Анна\u200b"}, "name"),
    ],
)
def test_feedback_text_follows_the_text_rules(overrides: dict[str, object], field: str):
    gid = uuid4()
    with pytest.raises(ValidationFailed) as refused:
        answer(make_share(generation_ids=(gid,)), (gid,), **overrides)
    assert field in refused.value.errors


def test_feedback_text_is_trimmed_and_blank_is_none():
    gid = uuid4()
    share = make_share(generation_ids=(gid,))
    fb = answer(share, (gid,), decision="changes_requested", comment="  больше ягод \n", name="  ")
    assert (fb.decision, fb.comment, fb.name) == (Decision.CHANGES_REQUESTED, "больше ягод", None)
    assert answer(share, (gid,), comment="к" * 1000, name="и" * 80).comment == "к" * 1000


def test_the_summary_counts_and_takes_the_latest_decision():
    gid = uuid4()
    share = make_share(generation_ids=(gid,))
    first = answer(share, (gid,), decision="changes_requested", comment="Больше ягод")
    later = answer(share, (gid,), now=NOW + timedelta(minutes=5))
    assert FeedbackSummary.of([]) == FeedbackSummary(0, None)
    assert FeedbackSummary.of([later, first]) == FeedbackSummary(2, Decision.APPROVED)


def test_asking_for_changes_needs_a_comment_saying_which():
    gid = uuid4()
    share = make_share(generation_ids=(gid,))
    for comment in (None, "", "  \n\t "):
        with pytest.raises(ValidationFailed) as refused:
            answer(share, (gid,), decision="changes_requested", comment=comment)
        assert re.search("[а-я]", refused.value.errors["comment"])
    assert answer(share, (gid,), decision="approved").comment is None  # approving needs no words
    too_long = {"decision": "changes_requested", "comment": "к" * 1001}
    with pytest.raises(ValidationFailed) as refused:
        answer(share, (gid,), **too_long)
    assert refused.value.errors["comment"] == "не более 1000 символов"  # the real reason, not «напишите»


def test_an_answer_repeats_another_with_the_same_link_design_decision_and_words():
    one, two = uuid4(), uuid4()
    share = make_share(generation_ids=(one, two))
    first = answer(share, (one, two), generation_id=one, comment="Берём", name="Анна")
    assert answer(share, (one, two), generation_id=one, comment=" Берём\n", name="Анна ").repeats(first)
    for change in (
        {"generation_id": two},
        {"decision": "changes_requested"},
        {"comment": "Берём!"},
        {"name": None},
    ):
        other = answer(
            share, (one, two), **({"generation_id": one, "comment": "Берём", "name": "Анна"} | change)
        )
        assert not other.repeats(first), change
    elsewhere = make_share(generation_ids=(one,))
    assert not answer(elsewhere, (one,), comment="Берём", name="Анна").repeats(first)


def test_a_link_shows_the_description_only_when_the_baker_chose_so():
    assert make_share().show_description is False
    assert make_share(show_description=True).show_description is True
