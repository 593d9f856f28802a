"""In-memory share links and the clients' feedback (the same contracts as adapters/db/shares.py)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import TypeVar
from uuid import UUID

from tortodelova.adapters.memory.repositories import _page
from tortodelova.adapters.memory.store import Tables
from tortodelova.application.ports.queries import Page
from tortodelova.domain.shares import Feedback, FeedbackSummary, Share

K = TypeVar("K")


class MemoryShares:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def add(self, share: Share) -> None:
        if share.token in self.t.shares:
            raise ValueError("duplicate share token")
        self.t.shares[share.token] = share

    async def get(self, token: str, *, for_update: bool = False) -> Share | None:
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
        return _page(items, page)


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
        return _summaries(self.t.feedback, lambda f: f.generation_id, set(generation_ids))

    async def by_share(self, tokens: Collection[str]) -> dict[str, FeedbackSummary]:
        return _summaries(self.t.feedback, lambda f: f.share_token, set(tokens))


def _summaries(
    items: Iterable[Feedback], key: Callable[[Feedback], K], wanted: set[K]
) -> dict[K, FeedbackSummary]:
    """The answers grouped by `key`, for the wanted keys that have any."""
    groups: dict[K, list[Feedback]] = {}
    for f in items:
        if key(f) in wanted:
            groups.setdefault(key(f), []).append(f)
    return {k: FeedbackSummary.of(group) for k, group in groups.items()}


def _oldest_first(items: Iterable[Feedback]) -> list[Feedback]:
    return sorted(items, key=lambda f: (f.created_at, str(f.id)))
