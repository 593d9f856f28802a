"""The shared state behind the in-memory unit of work and job queue."""

from __future__ import annotations

import asyncio
import copy
from dataclasses import dataclass, field
from uuid import UUID

from tortodelova.application.ports.queue import WorkerSeen
from tortodelova.domain.bakery import Bakery
from tortodelova.domain.generation import PredictionRequest
from tortodelova.domain.payments import Payment
from tortodelova.domain.quotes import Quote
from tortodelova.domain.shares import Feedback, Share
from tortodelova.domain.tokens import RefreshToken
from tortodelova.domain.transactions import Transaction
from tortodelova.domain.uploads import Upload
from tortodelova.domain.users import User


@dataclass
class Tables:
    users: dict[UUID, User] = field(default_factory=dict)
    transactions: list[Transaction] = field(default_factory=list)
    generations: dict[UUID, PredictionRequest] = field(default_factory=dict)
    refresh_tokens: dict[UUID, RefreshToken] = field(default_factory=dict)
    workers: dict[str, WorkerSeen] = field(default_factory=dict)
    uploads: dict[UUID, Upload] = field(default_factory=dict)
    shares: dict[str, Share] = field(default_factory=dict)
    feedback: list[Feedback] = field(default_factory=list)
    bakeries: dict[UUID, Bakery] = field(default_factory=dict)
    quotes: dict[str, list[Quote]] = field(default_factory=dict)  # a link's versions
    payments: dict[UUID, Payment] = field(default_factory=dict)

    def clone(self) -> Tables:
        return copy.deepcopy(self)


class MemoryDatabase:
    """One lock for all units of work: transactions are serialised, which is what row locks
    give the PostgreSQL adapter for the rows that matter."""

    def __init__(self) -> None:
        self.tables = Tables()
        self.lock = asyncio.Lock()
