from __future__ import annotations

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, get, post
from litestar.di import Provide
from litestar.params import FromQuery, JSONBody

from tortodelova.application.ports.queries import TransactionFilter
from tortodelova.application.use_cases.accounts.list_transactions import ListTransactions
from tortodelova.application.use_cases.accounts.top_up import TopUp
from tortodelova.domain.transactions import TxKind, TxType
from tortodelova.entrypoints.http.auth import BEARER_SECURITY, CurrentUser, current_user, require_user
from tortodelova.entrypoints.http.docs import AUTH, BODY, problems
from tortodelova.entrypoints.http.params import (
    DateFrom,
    DateTo,
    IdempotencyKey,
    Limit,
    Offset,
    idempotency_key,
    page,
    period,
)
from tortodelova.entrypoints.http.schemas.account import (
    BalanceOut,
    TopUpIn,
    TopUpOut,
    TransactionPage,
    UserEnvelope,
    balance_out,
    transaction_out,
    user_out,
)


class AccountController(Controller):
    """The caller's profile, credits and ledger."""

    path = ""
    tags = ["account"]
    guards = [require_user]
    security = BEARER_SECURITY
    dependencies = {"user": Provide(current_user, sync_to_thread=False)}

    @get("/me", responses=problems(*AUTH))
    async def me(self, user: CurrentUser) -> UserEnvelope:
        return UserEnvelope(user_out(user))

    @get("/balance", responses=problems(*AUTH))
    async def balance(self, user: CurrentUser) -> BalanceOut:
        return balance_out(user)

    @post("/balance/top-up", status_code=201, responses=problems(*AUTH, *BODY, 409))
    @inject
    async def top_up(
        self,
        user: CurrentUser,
        data: JSONBody[TopUpIn],
        top_up: FromDishka[TopUp],
        idempotency: IdempotencyKey = None,
    ) -> TopUpOut:
        """Add 1..10000 credits. With an Idempotency-Key a retry returns the first result."""
        entry = await top_up(user.id, data.amount, idempotency_key(idempotency))
        return TopUpOut(transaction_out(entry.transaction), balance_out(entry.user))

    @get("/transactions", responses=problems(*AUTH, 422))
    @inject
    async def transactions(
        self,
        user: CurrentUser,
        list_transactions: FromDishka[ListTransactions],
        type: FromQuery[TxType | None] = None,  # noqa: A002 - the query parameter's name
        kind: FromQuery[TxKind | None] = None,
        date_from: DateFrom = None,
        date_to: DateTo = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> TransactionPage:
        """The caller's ledger, newest first."""
        flt = TransactionFilter(type=type, kind=kind, **period(date_from, date_to))
        result = await list_transactions.for_user(user.id, flt, page(limit, offset))
        return TransactionPage([transaction_out(t) for t in result.items], result.total)
