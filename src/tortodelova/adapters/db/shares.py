"""Share links and the clients' feedback in PostgreSQL (tables shares, share_designs, share_feedback).

A link's designs are rows of share_designs in their order; reads gather them with array_agg so a
link, or a page of links, is one query.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Select, func, insert, select, update
from sqlalchemy.dialects.postgresql import aggregate_order_by

from tortodelova.adapters.db.filtered_lists import FilteredList
from tortodelova.adapters.db.models import share_designs, share_feedback, shares
from tortodelova.adapters.db.repositories import _Repository
from tortodelova.application.ports.queries import Page
from tortodelova.domain.errors import NotFound
from tortodelova.domain.shares import Decision, Feedback, FeedbackSummary, Share

_s, _d, _f = shares.c, share_designs.c, share_feedback.c


def _with_designs() -> Select[Any]:
    designs = (
        select(func.array_agg(aggregate_order_by(_d.generation_id, _d.position)))
        .where(_d.share_token == _s.token)
        .scalar_subquery()
    )
    return select(shares, designs.label("generation_ids"))


_SHARES = FilteredList(
    _with_designs(),
    [_s.created_at.desc(), _s.token.desc()],
    {
        "user_id": lambda v: _s.user_id == v,
        "generation_id": lambda v: _s.token.in_(select(_d.share_token).where(_d.generation_id == v)),
    },
)


def _share(row: Any) -> Share:
    return Share(
        token=row["token"],
        user_id=row["user_id"],
        generation_ids=tuple(row["generation_ids"] or ()),
        note=row["note"],
        created_at=row["created_at"],
        expires_at=row["expires_at"],
        revoked_at=row["revoked_at"],
        show_description=row["show_description"],
    )


def _feedback(row: Any) -> Feedback:
    return Feedback(
        id=row["id"],
        share_token=row["share_token"],
        generation_id=row["generation_id"],
        decision=Decision(row["decision"]),
        comment=row["comment"],
        name=row["name"],
        created_at=row["created_at"],
        quote_version=row["quote_version"],
        phone=row["phone"],
        consent_at=row["consent_at"],
    )


class SqlShareRepository(_Repository):
    async def add(self, share: Share) -> None:
        await self._session.execute(
            insert(shares).values(
                token=share.token,
                user_id=share.user_id,
                note=share.note,
                created_at=share.created_at,
                expires_at=share.expires_at,
                revoked_at=share.revoked_at,
                show_description=share.show_description,
            )
        )
        await self._session.execute(
            insert(share_designs),
            [
                {"share_token": share.token, "generation_id": gid, "position": i}
                for i, gid in enumerate(share.generation_ids)
            ],
        )

    async def get(self, token: str, *, for_update: bool = False) -> Share | None:
        stmt = _with_designs().where(_s.token == token)
        return await self._one(stmt.with_for_update(of=shares) if for_update else stmt, _share)

    async def get_many(self, tokens: Collection[str]) -> list[Share]:
        if not tokens:
            return []
        stmt = _with_designs().where(_s.token.in_(list(tokens)))
        return [_share(r) for r in (await self._session.execute(stmt)).mappings()]

    async def save(self, share: Share) -> None:
        result = await self._session.execute(
            update(shares).where(_s.token == share.token).values(revoked_at=share.revoked_at)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise NotFound("Ссылка не найдена")

    async def list(self, user_id: UUID, generation_id: UUID | None, page: Page) -> tuple[list[Share], int]:
        return await self._page(_SHARES, {"user_id": user_id, "generation_id": generation_id}, page, _share)


class SqlFeedbackRepository(_Repository):
    async def add(self, feedback: Feedback) -> None:
        await self._session.execute(
            insert(share_feedback).values(
                id=feedback.id,
                share_token=feedback.share_token,
                generation_id=feedback.generation_id,
                decision=feedback.decision.value,
                comment=feedback.comment,
                name=feedback.name,
                created_at=feedback.created_at,
                quote_version=feedback.quote_version,
                phone=feedback.phone,
                consent_at=feedback.consent_at,
            )
        )

    async def for_share(self, token: str) -> list[Feedback]:
        return await self._all(_f.share_token == token)

    async def for_generation(self, generation_id: UUID) -> list[Feedback]:
        return await self._all(_f.generation_id == generation_id)

    async def by_generation(self, generation_ids: Collection[UUID]) -> dict[UUID, FeedbackSummary]:
        return await self._summaries(_f.generation_id, list(generation_ids))

    async def by_share(self, tokens: Collection[str]) -> dict[str, FeedbackSummary]:
        return await self._summaries(_f.share_token, list(tokens))

    async def for_shares(self, tokens: Collection[str]) -> dict[str, list[Feedback]]:
        found: dict[str, list[Feedback]] = {}
        if tokens:
            for f in await self._all(_f.share_token.in_(list(tokens))):
                found.setdefault(f.share_token, []).append(f)
        return found

    async def _all(self, where: ColumnElement[bool]) -> list[Feedback]:
        stmt = select(share_feedback).where(where).order_by(_f.created_at, _f.id)
        return [_feedback(r) for r in (await self._session.execute(stmt)).mappings()]

    async def _summaries(self, key: Any, values: list[Any]) -> dict[Any, FeedbackSummary]:
        if not values:
            return {}
        # The count and the newest decision per key, in one pass over the matching answers.
        latest = func.array_agg(aggregate_order_by(_f.decision, _f.created_at.desc(), _f.id.desc()))[1]
        stmt = select(key, func.count().label("n"), latest.label("last")).where(key.in_(values)).group_by(key)
        rows = (await self._session.execute(stmt)).all()
        return {k: FeedbackSummary(n, Decision(last)) for k, n, last in rows}
