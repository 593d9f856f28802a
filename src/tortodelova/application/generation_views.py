"""The one way a use case shows generations: each with its queue position and its clients' answers."""

from __future__ import annotations

from collections.abc import Sequence

from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.results import GenerationView
from tortodelova.domain.generation import PredictionRequest, Status
from tortodelova.domain.shares import FeedbackSummary


async def generation_views(uow: UnitOfWork, requests: Sequence[PredictionRequest]) -> list[GenerationView]:
    """At most two queries, however many requests: the positions of the pending ones, and the answers
    on the finished ones (only a rendered design can be on a link: application/owned.py, shown)."""
    pending = [r.id for r in requests if r.status is Status.PENDING]
    positions = await uow.generations.queue_snapshot(pending) if pending else {}
    done = [r.id for r in requests if r.status is Status.SUCCESS]
    answers = await uow.feedback.by_generation(done) if done else {}
    return [GenerationView(r, positions.get(r.id, 0), answers.get(r.id, FeedbackSummary())) for r in requests]
