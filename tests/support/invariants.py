"""The money invariants (docs/ARCHITECTURE.md), checked over a unit of work's committed state."""

from __future__ import annotations

from collections import Counter
from uuid import UUID

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.queries import GenerationFilter, Page, PaymentFilter, TransactionFilter
from tortodelova.domain.generation import Status
from tortodelova.domain.payments import PaymentStatus
from tortodelova.domain.transactions import TxKind, TxType

BIG = Page(limit=10_000, offset=0)


async def _all(list_fn, flt) -> list:  # noqa: ANN001
    items, total = await list_fn(flt, BIG)
    assert len(items) == total
    return items


async def check_money_invariants(uow: UnitOfWork) -> None:
    async with uow:
        users, _ = await uow.users.list(None, BIG)
        txs = await _all(uow.transactions.list, TransactionFilter())
        gens = await _all(uow.generations.list, GenerationFilter(include_deleted=True))  # deleted rows too
        payments = await _all(uow.payments.list, PaymentFilter())
    by_user: dict[UUID, list] = {u.id: [] for u in users}
    for tx in txs:
        by_user[tx.user_id].append(tx)
    for user in users:
        ledger = sum(t.signed_amount for t in by_user[user.id])
        assert user.balance_credits == ledger, f"1: balance {user.balance_credits} != ledger {ledger}"
        held = sum(g.credits_reserved for g in gens if g.user_id == user.id and g.status.holds_reservation)
        assert user.reserved_credits == held, f"2: reserved {user.reserved_credits} != held {held}"
        assert 0 <= user.reserved_credits <= user.balance_credits, "3: credits out of range"
    debits = Counter(t.prediction_request_id for t in txs if t.kind is TxKind.GENERATION)
    for g in gens:
        # 4: debited once iff success, for exactly the reserved amount; failures spend nothing
        if g.status is Status.SUCCESS:
            # a design made for free (an inscription) has nothing to debit
            assert debits[g.id] == (1 if g.credits_reserved else 0), f"4: {g.id} debited {debits[g.id]} times"
            assert g.credits_spent == g.credits_reserved and g.s3_key
        else:
            assert debits[g.id] == 0, f"4: unfinished/failed {g.id} was debited"
            assert g.credits_spent == 0
    for t in txs:
        if t.kind is TxKind.GENERATION:
            assert t.type is TxType.DEBIT
    # 5: idempotency keys are unique per user
    keys = Counter((t.user_id, t.idempotency_key) for t in txs if t.idempotency_key)
    assert all(n == 1 for n in keys.values()), "5: an idempotency key was used twice"
    # 6: credits granted for payments = the packs of the payments the service confirmed, each once;
    # refunds take back exactly the packs of the payments refunded (or being refunded)
    top_ups = Counter(t.payment_id for t in txs if t.kind is TxKind.TOP_UP and t.payment_id)
    refunds: Counter[UUID | None] = Counter()
    for t in txs:
        if t.kind is TxKind.REFUND:
            refunds[t.payment_id] -= t.signed_amount
    for p in payments:
        if p.status.credited:
            assert top_ups[p.id] == 1, f"6: payment {p.id} ({p.status}) credited {top_ups[p.id]} times"
            assert p.settled_at is not None
        else:
            assert top_ups[p.id] == 0, f"6: payment {p.id} ({p.status}) was credited"
        taken_back = p.credits if p.status in (PaymentStatus.REFUNDING, PaymentStatus.REFUNDED) else 0
        assert refunds[p.id] == taken_back, f"6: payment {p.id} ({p.status}): refunds net {refunds[p.id]}"
    paid = {p.id: p.credits for p in payments if p.status.credited}
    granted = sum(t.amount for t in txs if t.kind is TxKind.TOP_UP and t.payment_id)
    assert granted == sum(paid.values()), "6: credits granted differ from the packs paid"
    assert all(t.payment_id in paid for t in txs if t.kind is TxKind.TOP_UP and t.payment_id)
