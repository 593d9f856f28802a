"""What the share use cases return, and the lookups they share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.domain.errors import NotFound
from tortodelova.domain.generation import PredictionRequest, Status
from tortodelova.domain.shares import Feedback, FeedbackSummary, Share

GONE = "Ссылка не найдена: её отозвали, срок её действия истёк или дизайн удалён"


@dataclass(frozen=True, slots=True)
class ShareView:
    share: Share
    feedback: FeedbackSummary


@dataclass(frozen=True, slots=True)
class PublicShare:
    """A live link as its client sees it: the designs still on show, and the answers so far."""

    share: Share
    designs: list[PredictionRequest]
    feedback: list[Feedback]


def shown(request: PredictionRequest) -> bool:
    """Whether a design can be shown on a link: rendered, and its image not deleted."""
    return request.status is Status.SUCCESS and request.public_url is not None and not request.deleted


async def owned_share(uow: UnitOfWork, user_id: UUID, token: str) -> Share:
    share = await uow.shares.get(token)
    if share is None or share.user_id != user_id:
        raise NotFound("Ссылка не найдена")
    return share


async def live_designs(uow: UnitOfWork, share: Share) -> list[PredictionRequest]:
    """The link's designs that can still be shown, in the link's order."""
    found = {r.id: r for r in await uow.generations.get_many(share.generation_ids)}
    return [found[i] for i in share.generation_ids if i in found and shown(found[i])]


async def live_share(
    uow: UnitOfWork, token: str, now: datetime, *, for_update: bool = False
) -> tuple[Share, list[PredictionRequest]]:
    """A link its client may open, with its designs on show. Unknown, revoked, expired and emptied
    look the same (404): the token is the only secret."""
    share = await uow.shares.get(token, for_update=for_update)
    if share is None or not share.is_live(now):
        raise NotFound(GONE)
    designs = await live_designs(uow, share)
    if not designs:
        raise NotFound(GONE)
    return share, designs
