"""What the share use cases return, and the lookups they share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortodelova.application.orders import QuoteView
from tortodelova.application.owned import shown
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.domain.bakery import Bakery
from tortodelova.domain.errors import NotFound
from tortodelova.domain.generation import PredictionRequest
from tortodelova.domain.shares import Feedback, FeedbackSummary, Share

GONE = "Ссылка не найдена: её отозвали, срок её действия истёк или дизайн удалён"


@dataclass(frozen=True, slots=True)
class ShareView:
    share: Share
    feedback: FeedbackSummary
    quote: QuoteView | None = None  # the link's order, if it carries one


@dataclass(frozen=True, slots=True)
class PublicShare:
    """A live link as its client sees it: the designs still on show, and the answers so far."""

    share: Share
    designs: list[PredictionRequest]
    feedback: list[Feedback]
    quote: QuoteView | None = None  # the order to approve with the design, and who bakes it
    bakery: Bakery | None = None


async def live_designs(uow: UnitOfWork, share: Share) -> list[PredictionRequest]:
    """The link's designs that can still be shown, in the link's order."""
    found = {r.id: r for r in await uow.generations.get_many(share.generation_ids)}
    return [found[i] for i in share.generation_ids if i in found and shown(found[i])]


async def live_share(
    uow: UnitOfWork, token: str, now: datetime, *, for_update: bool = False
) -> tuple[Share, list[PredictionRequest]]:
    """A link its client may open, with its designs on show. Unknown, revoked, expired and emptied
    look the same (404): the token is the only secret. `for_update` locks it (an answer to its order)."""
    share = await uow.shares.get(token, for_update=for_update)
    if share is None or not share.is_live(now):
        raise NotFound(GONE)
    designs = await live_designs(uow, share)
    if not designs:
        raise NotFound(GONE)
    return share, designs
