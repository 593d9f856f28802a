from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tortodelova.domain import wallet
from tortodelova.domain.errors import InsufficientCredits, InvalidTransition, LeaseLost, ValidationFailed
from tortodelova.domain.generation import GenerationParams, PredictionRequest, RequestedParams, Status
from tortodelova.domain.users import Email, Role, User

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def user(balance=100, reserved=0):
    return User(uuid.uuid4(), Email.parse("a@b.ru"), "h", Role.USER, NOW, NOW, balance, reserved)


def request(credits=10):
    params = GenerationParams.create(RequestedParams(prompt_ru="торт", style="kids"), seed=1)
    return PredictionRequest(uuid.uuid4(), uuid.uuid4(), params, "m", credits, NOW)


@pytest.mark.parametrize("raw", ["", "a", "a@", "@b.ru", "a@b", "a b@c.ru", "a@b.c"])
def test_bad_emails(raw):
    with pytest.raises(ValidationFailed):
        Email.parse(raw)


def test_refused_operations_leave_the_user_unchanged():
    u = user(balance=10, reserved=8)
    with pytest.raises(InsufficientCredits):
        wallet.reserve(u, 3)
    with pytest.raises(InsufficientCredits):
        wallet.admin_adjust(u, -3, description="x", admin_id=uuid.uuid4(), tx_id=uuid.uuid4(), now=NOW)
    with pytest.raises(ValueError):
        wallet.release(u, 9)
    with pytest.raises(ValueError):
        wallet.settle(u, 9, request_id=uuid.uuid4(), tx_id=uuid.uuid4(), now=NOW)
    assert (u.balance_credits, u.reserved_credits) == (10, 8)


@pytest.mark.parametrize(
    ("balance", "reserved", "reason"),
    [
        (120, 0, "Баланс не может стать меньше нуля: списать можно самое большее 120 кредитов."),
        (0, 0, "Списать нечего: баланс равен нулю и не может стать меньше нуля."),
        (
            121,
            30,
            "Баланс не может стать меньше резерва за дизайны в работе (30 кредитов): списать можно самое"
            " большее 91 кредит.",
        ),
        (21, 21, "Списать нечего: весь баланс в резерве за дизайны в работе (21 кредит)."),
    ],
)
def test_an_admin_debit_beyond_the_available_credits_says_why(balance, reserved, reason):
    u = user(balance=balance, reserved=reserved)
    with pytest.raises(InsufficientCredits) as refused:
        wallet.admin_adjust(u, -100_000, description="x", admin_id=uuid.uuid4(), tx_id=uuid.uuid4(), now=NOW)
    assert refused.value.message == reason
    assert (u.balance_credits, u.reserved_credits) == (balance, reserved)


@pytest.mark.parametrize(
    ("n", "said"),
    [(1, "1 кредит"), (3, "3 кредита"), (5, "5 кредитов"), (11, "11 кредитов"), (22, "22 кредита")],
)
def test_credits_are_counted_in_russian(n, said):
    assert wallet.credits(n) == said
    assert wallet.credits(100_000) == "100\u00a0000 кредитов"


def test_state_machine_happy_path_and_terminal_states():
    r = request()
    r.claim("w1", NOW, NOW + timedelta(seconds=30))
    assert (r.status, r.attempts, r.lease_owner) == (Status.PROCESSING, 1, "w1")
    with pytest.raises(InvalidTransition):
        r.claim("w2", NOW, NOW + timedelta(seconds=30))  # lease valid
    with pytest.raises(LeaseLost):
        r.succeed("w2", "k", "u", NOW)
    assert r.succeed("w1", "k", "u", NOW) == 10
    assert (r.status, r.credits_spent, r.lease_owner) == (Status.SUCCESS, 10, None)
    for action in (lambda: r.claim("w1", NOW, NOW), lambda: r.fail("x", NOW), lambda: r.requeue(None)):
        with pytest.raises((InvalidTransition, LeaseLost)):
            action()


def test_expired_lease_returns_to_the_queue_or_is_taken_over():
    r = request()
    r.claim("w1", NOW, NOW + timedelta(seconds=30))
    later = NOW + timedelta(seconds=31)
    assert r.lease_expired(later)
    r.claim("w2", later, later + timedelta(seconds=30))
    assert (r.lease_owner, r.attempts) == ("w2", 2)
    r.requeue("w2", "transient")
    assert (r.status, r.lease_owner, r.error) == (Status.PENDING, None, "transient")


def test_failure_spends_nothing_and_progress_only_grows():
    r = request()
    r.claim("w1", NOW, NOW + timedelta(seconds=30))
    r.report_progress("w1", 0.5)
    r.report_progress("w1", 0.3)
    assert r.progress == 0.5
    r.fail("boom", NOW, owner="w1")
    assert (r.status, r.credits_spent, r.error) == (Status.FAILED, 0, "boom")
