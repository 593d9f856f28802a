from __future__ import annotations

from dishka.integrations.litestar import FromDishka, inject
from litestar import get
from litestar.params import FromQuery

from tortodelova.application.ports.queries import TransactionFilter
from tortodelova.application.use_cases.accounts.list_transactions import ListTransactions
from tortodelova.domain.transactions import TxKind, TxType
from tortodelova.entrypoints.http.auth import CurrentUser
from tortodelova.entrypoints.http.controllers.base import UserController
from tortodelova.entrypoints.http.docs import AUTH, problems
from tortodelova.entrypoints.http.params import (
    DateFrom,
    DateTo,
    Limit,
    Offset,
    page,
    period,
)
from tortodelova.entrypoints.http.schemas.account import (
    BalanceOut,
    TransactionPage,
    UserEnvelope,
    balance_out,
    transaction_out,
    user_out,
)


class AccountController(UserController):
    """The caller's profile, credits and ledger."""

    path = ""
    tags = ["account"]

    @get("/me", responses=problems(*AUTH))
    async def me(self, user: CurrentUser) -> UserEnvelope:
        return UserEnvelope(user_out(user))

    @get("/balance", responses=problems(*AUTH))
    async def balance(self, user: CurrentUser) -> BalanceOut:
        return balance_out(user)

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
