"""Wallet operations: the only code that changes a user's credits.

Each operation checks its preconditions before touching anything, so a refused operation leaves the
user unchanged, and each returns the ledger entry that explains the change (invariant 1).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from tortodelova.domain import text
from tortodelova.domain.errors import InsufficientCredits, RefundRefused, ValidationFailed
from tortodelova.domain.payments import Payment
from tortodelova.domain.transactions import Transaction, TxKind, TxType
from tortodelova.domain.users import User

ADJUST_MAX = 1_000_000
DESCRIPTION_MAX = 500


def _check_invariant(user: User) -> None:
    assert 0 <= user.reserved_credits <= user.balance_credits, "money invariant broken"


def credits(n: int) -> str:
    """«1 кредит», «3 кредита», «100 000 кредитов»."""
    last_two, last = n % 100, n % 10
    word = (
        "кредитов"
        if 11 <= last_two <= 14
        else {1: "кредит", 2: "кредита", 3: "кредита", 4: "кредита"}.get(last, "кредитов")
    )
    return f"{n:,}".replace(",", "\u00a0") + " " + word


def debit_refusal(user: User) -> str:
    """Why an admin cannot take more than the available credits: the balance may not go below zero,
    nor below what is reserved for designs in work (named only when something is)."""
    available, reserved = max(0, user.available_credits), user.reserved_credits
    in_work = f"резерва за дизайны в работе ({credits(reserved)})"
    if available:
        floor = in_work if reserved else "нуля"
        return f"Баланс не может стать меньше {floor}: списать можно самое большее {credits(available)}."
    if reserved:
        return f"Списать нечего: весь баланс в резерве за дизайны в работе ({credits(reserved)})."
    return "Списать нечего: баланс равен нулю и не может стать меньше нуля."


def credit_payment(user: User, payment: Payment, *, tx_id: UUID, now: datetime) -> Transaction:
    """The pack's credits of a payment the payment service confirmed (one per payment)."""
    if payment.user_id != user.id:
        raise ValueError("a payment is credited to its own payer")
    user.balance_credits += payment.credits
    _check_invariant(user)
    return Transaction(
        tx_id,
        user.id,
        payment.credits,
        TxType.CREDIT,
        TxKind.TOP_UP,
        f"Оплата пакета: {payment.credits} кредитов",
        now,
        payment_id=payment.id,
    )


def debit_refund(user: User, payment: Payment, *, tx_id: UUID, admin_id: UUID, now: datetime) -> Transaction:
    """Takes back a refunded payment's credits: only while the user still holds that many available
    (reserved credits count as spent)."""
    if payment.user_id != user.id:
        raise ValueError("a refund debits the payer")
    if user.available_credits < payment.credits:
        raise RefundRefused(
            f"Вернуть платёж нельзя: у пользователя {user.available_credits} свободных кредитов, "
            f"а платёж принёс {payment.credits} (зарезервированные генерациями считаются потраченными)"
        )
    user.balance_credits -= payment.credits
    _check_invariant(user)
    return Transaction(
        tx_id,
        user.id,
        payment.credits,
        TxType.DEBIT,
        TxKind.REFUND,
        f"Возврат платежа: {payment.credits} кредитов",
        now,
        created_by=admin_id,
        payment_id=payment.id,
    )


def restore_refund(user: User, payment: Payment, *, tx_id: UUID, now: datetime) -> Transaction:
    """The payment service refused a refund already debited: the credits come back."""
    user.balance_credits += payment.credits
    _check_invariant(user)
    return Transaction(
        tx_id,
        user.id,
        payment.credits,
        TxType.CREDIT,
        TxKind.REFUND,
        "Возврат отклонён платёжным сервисом: кредиты восстановлены",
        now,
        payment_id=payment.id,
    )


def grant_bonus(user: User, amount: int, *, tx_id: UUID, now: datetime, description: str) -> Transaction:
    user.balance_credits += amount
    _check_invariant(user)
    return Transaction(tx_id, user.id, amount, TxType.CREDIT, TxKind.BONUS, description, now)


def reserve(user: User, amount: int) -> None:
    if amount <= 0:
        raise ValueError("reservation must be positive")
    if user.available_credits < amount:
        raise InsufficientCredits(amount, user.available_credits)
    user.reserved_credits += amount
    _check_invariant(user)


def release(user: User, amount: int) -> None:
    if not 0 <= amount <= user.reserved_credits:
        raise ValueError("cannot release more than is reserved")
    user.reserved_credits -= amount
    _check_invariant(user)


def settle(user: User, amount: int, *, request_id: UUID, tx_id: UUID, now: datetime) -> Transaction:
    """Turn a reservation into a debit (the generation was delivered)."""
    if not 0 < amount <= user.reserved_credits:
        raise ValueError("settlement must match a reservation")
    user.reserved_credits -= amount
    user.balance_credits -= amount
    _check_invariant(user)
    return Transaction(
        tx_id,
        user.id,
        amount,
        TxType.DEBIT,
        TxKind.GENERATION,
        "Генерация дизайна",
        now,
        prediction_request_id=request_id,
    )


def admin_adjust(
    user: User, amount: int, *, description: str, admin_id: UUID, tx_id: UUID, now: datetime
) -> Transaction:
    """Signed manual correction. A debit may not take the balance below the reserved credits."""
    errors = {}
    if amount == 0 or abs(amount) > ADJUST_MAX:
        errors["amount"] = f"сумма должна быть ненулевой и не больше {ADJUST_MAX} по модулю"
    description = text.check("description", description or "", multiline=True).strip()
    if not 1 <= text.length(description) <= DESCRIPTION_MAX:
        errors["description"] = f"укажите комментарий (до {DESCRIPTION_MAX} символов)"
    if errors:
        raise ValidationFailed(errors)
    if amount < 0 and user.available_credits < -amount:
        raise InsufficientCredits(-amount, user.available_credits, debit_refusal(user))
    user.balance_credits += amount
    _check_invariant(user)
    return Transaction(
        tx_id,
        user.id,
        abs(amount),
        TxType.CREDIT if amount > 0 else TxType.DEBIT,
        TxKind.ADMIN_ADJUSTMENT,
        text.nfc(description),
        now,
        created_by=admin_id,
    )
