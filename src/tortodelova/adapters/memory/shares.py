"""In-memory share links and the clients' feedback (the same contracts as adapters/db/shares.py)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from uuid import UUID

from tortodelova.adapters.memory.store import Tables
from tortodelova.application.ports.queries import Page
from tortodelova.domain.shares import Feedback, FeedbackSummary, Share


class MemoryShares:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def add(self, share: Share) -> None:
        if share.token in self.t.shares:
            raise ValueError("duplicate share token")
        self.t.shares[share.token] = share

    async def get(self, token: str) -> Share | None:
        return self.t.shares.get(token)

    async def save(self, share: Share) -> None:
        self.t.shares[share.token] = share

    async def list(self, user_id: UUID, generation_id: UUID | None, page: Page) -> tuple[list[Share], int]:
        items = [
            s
            for s in self.t.shares.values()
            if s.user_id == user_id and (generation_id is None or generation_id in s.generation_ids)
        ]
        items.sort(key=lambda s: (s.created_at, s.token), reverse=True)
        return items[page.offset : page.offset + page.limit], len(items)


class MemoryFeedback:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def add(self, feedback: Feedback) -> None:
        self.t.feedback.append(feedback)

    async def for_share(self, token: str) -> list[Feedback]:
        return _oldest_first(f for f in self.t.feedback if f.share_token == token)

    async def for_generation(self, generation_id: UUID) -> list[Feedback]:
        return _oldest_first(f for f in self.t.feedback if f.generation_id == generation_id)

    async def by_generation(self, generation_ids: Collection[UUID]) -> dict[UUID, FeedbackSummary]:
        wanted = set(generation_ids)
        return {
            gid: FeedbackSummary.of([f for f in self.t.feedback if f.generation_id == gid])
            for gid in {f.generation_id for f in self.t.feedback if f.generation_id in wanted}
        }

    async def by_share(self, tokens: Collection[str]) -> dict[str, FeedbackSummary]:
        wanted = set(tokens)
        return {
            token: FeedbackSummary.of([f for f in self.t.feedback if f.share_token == token])
            for token in {f.share_token for f in self.t.feedback if f.share_token in wanted}
        }


def _oldest_first(items: Iterable[Feedback]) -> list[Feedback]:
    return sorted(items, key=lambda f: (f.created_at, str(f.id)))
