"""What the order use cases return, and the lookups they share with the share use cases."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, tzinfo

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.domain.generation import PredictionRequest
from tortodelova.domain.quotes import BakeryMissing, Quote, QuoteRequest, QuoteStatus, quote_status
from tortodelova.domain.shares import Feedback, Share


@dataclass(frozen=True, slots=True)
class QuoteView:
    """A link's current order and where it stands."""

    quote: Quote
    status: QuoteStatus


@dataclass(frozen=True, slots=True)
class Client:
    """Who answered on the link: the latest name and the latest phone given (with its consent)."""

    name: str | None = None
    phone: str | None = None
    consent_at: datetime | None = None

    @classmethod
    def of(cls, answers: list[Feedback]) -> Client:
        name = phone = consent_at = None
        for a in answers:  # oldest first: the latest given wins
            name = a.name or name
            if a.phone:
                phone, consent_at = a.phone, a.consent_at
        return cls(name, phone, consent_at)


@dataclass(frozen=True, slots=True)
class Order:
    """One of the baker's orders: the link, its current quote, the design, the client."""

    share: Share
    quote: QuoteView
    design: PredictionRequest | None  # None once the design was deleted
    client: Client
    over_capacity: bool  # its day has more orders than the bakery makes in a day


async def priced(
    uow: UnitOfWork, share: Share, version: int, request: QuoteRequest, now: datetime, zone: tzinfo
) -> Quote:
    """Version `version` of the link's order, priced from its owner's list as it is now."""
    bakery = await uow.bakeries.get(share.user_id)
    if bakery is None:
        raise BakeryMissing()
    return Quote.create(
        share_token=share.token, version=version, bakery=bakery, request=request, now=now, zone=zone
    )


async def quote_views(uow: UnitOfWork, tokens: Collection[str], now: datetime) -> dict[str, QuoteView]:
    """The current order of each of these links that has one, with its status."""
    quotes = await uow.quotes.current_for(tokens)
    if not quotes:
        return {}
    answers = await uow.feedback.for_shares(list(quotes))
    return {t: QuoteView(q, quote_status(q, answers.get(t, []), now)) for t, q in quotes.items()}
