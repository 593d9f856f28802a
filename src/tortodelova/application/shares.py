"""What the share use cases return, and the lookups they share."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.domain.errors import NotFound
from tortodelova.domain.generation import PredictionRequest, Status
from tortodelova.domain.shares import Feedback, FeedbackSummary, Share


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
