from __future__ import annotations

from typing import Annotated
from uuid import UUID

from dishka.integrations.litestar import FromDishka, inject
from litestar import get, post
from litestar.params import FromPath, FromQuery, JSONBody

from tortodelova.application.ports.queries import GenerationFilter, TransactionFilter
from tortodelova.application.use_cases.accounts.list_transactions import ListTransactions
from tortodelova.application.use_cases.admin.adjust_balance import AdjustBalance
from tortodelova.application.use_cases.admin.get_stats import GetStats
from tortodelova.application.use_cases.admin.list_users import ListUsers
from tortodelova.application.use_cases.generations.list_generations import ListGenerations
from tortodelova.domain import text
from tortodelova.domain.generation import Status
from tortodelova.domain.transactions import TxKind, TxType
from tortodelova.entrypoints.http.auth import CurrentUser
from tortodelova.entrypoints.http.controllers.base import AdminOnlyController
from tortodelova.entrypoints.http.docs import AUTH, BODY, problems
from tortodelova.entrypoints.http.params import DateFrom, DateTo, Limit, Offset, page, period, text_filter
from tortodelova.entrypoints.http.schemas.account import TransactionPage, transaction_out, user_out
from tortodelova.entrypoints.http.schemas.admin import (
    AdjustmentIn,
    AdjustmentOut,
    StatsOut,
    UserPage,
    stats_out,
)
from tortodelova.entrypoints.http.schemas.generations import GenerationPage, generation_out

# `query` is Litestar's name for the whole query string, hence the alias.
EmailQuery = Annotated[str | None, text_filter("E-mail substring", name="query")]
OwnerEmail = Annotated[str | None, text_filter("Substring of the owner's e-mail, any case")]


def _email(value: str | None) -> str | None:
    """The filter as e-mails are stored (NFC); blank means no filter."""
    return text.nfc(value.strip()) if value and value.strip() else None


class AdminController(AdminOnlyController):
    """Administration: role admin (as stored, not as claimed by the token); everyone else gets 403."""

    path = "/admin"
    tags = ["admin"]

    @get("/users", responses=problems(*AUTH, 422))
    @inject
    async def users(
        self,
        list_users: FromDishka[ListUsers],
        search: EmailQuery = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> UserPage:
        """Users with their credits, searched by e-mail substring."""
        result = await list_users(text.nfc(search) if search else None, page(limit, offset))  # as stored
        return UserPage([user_out(u) for u in result.items], result.total)

    @post("/users/{user_id:uuid}/adjustments", status_code=201, responses=problems(*AUTH, *BODY, 402, 404))
    @inject
    async def adjust(
        self,
        admin: CurrentUser,
        user_id: FromPath[UUID],
        data: JSONBody[AdjustmentIn],
        adjust: FromDishka[AdjustBalance],
    ) -> AdjustmentOut:
        """Signed manual correction with a required comment. A debit may not go below the reserved credits."""
        entry = await adjust(admin.id, user_id, data.amount, data.description)
        return AdjustmentOut(transaction_out(entry.transaction), user_out(entry.user))

    @get("/transactions", responses=problems(*AUTH, 422))
    @inject
    async def transactions(
        self,
        list_transactions: FromDishka[ListTransactions],
        user_id: FromQuery[UUID | None] = None,
        email: OwnerEmail = None,
        type: FromQuery[TxType | None] = None,  # noqa: A002 - the query parameter's name
        kind: FromQuery[TxKind | None] = None,
        date_from: DateFrom = None,
        date_to: DateTo = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> TransactionPage:
        """The whole ledger, newest first; `email` finds a user's entries by part of the e-mail."""
        flt = TransactionFilter(
            user_id=user_id, email=_email(email), type=type, kind=kind, **period(date_from, date_to)
        )
        result = await list_transactions(flt, page(limit, offset))
        return TransactionPage([transaction_out(t) for t in result.items], result.total)

    @get("/generations", responses=problems(*AUTH, 422))
    @inject
    async def generations(
        self,
        list_generations: FromDishka[ListGenerations],
        user_id: FromQuery[UUID | None] = None,
        email: OwnerEmail = None,
        status: FromQuery[Status | None] = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> GenerationPage:
        """Every user's generations, newest first, deleted ones included (`deleted: true`);
        `status=failed` lists the failures with their `error`."""
        flt = GenerationFilter(user_id=user_id, email=_email(email), status=status, include_deleted=True)
        result = await list_generations(flt, page(limit, offset))
        return GenerationPage([generation_out(v) for v in result.items], result.total)

    @get("/stats", responses=problems(*AUTH))
    @inject
    async def stats(self, get_stats: FromDishka[GetStats]) -> StatsOut:
        """Counts, queue, 24 h throughput, durations, credits spent, live workers."""
        return stats_out(await get_stats())
