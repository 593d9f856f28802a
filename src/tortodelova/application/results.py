"""Results returned by use cases (plain dataclasses over domain entities)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from tortodelova.domain.generation import PredictionRequest
from tortodelova.domain.shares import FeedbackSummary
from tortodelova.domain.transactions import Transaction
from tortodelova.domain.users import User

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Session:
    access_token: str
    expires_in: int
    refresh_token: str
    refresh_expires_in: int
    user: User


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    transaction: Transaction
    user: User
    replayed: bool = False


@dataclass(frozen=True, slots=True)
class GenerationView:
    request: PredictionRequest
    queue_position: int
    feedback: FeedbackSummary = FeedbackSummary()  # the clients' answers on its share links


@dataclass(frozen=True, slots=True)
class Submitted:
    views: list[GenerationView]  # every variant of the submit, in seed order
    replayed: bool

    @property
    def view(self) -> GenerationView:
        """The first variant (what a single-image client reads)."""
        return self.views[0]


@dataclass(frozen=True, slots=True)
class Quote:
    credits: int  # the whole submit
    per_variant: int
    variants: int


@dataclass(frozen=True, slots=True)
class UpscaleQuote:
    credits: int
    width: int  # the upscaled design's size
    height: int


@dataclass(frozen=True, slots=True)
class PageOf(Generic[T]):
    items: list[T]
    total: int
