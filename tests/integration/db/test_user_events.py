"""User events through NOTIFY: a client's answer reaches the owner's subscriptions, in any process."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from tortodelova.adapters.db.database import Database
from tortodelova.adapters.db.user_events import (
    PgUserEventPublisher,
    decode_user_event,
    encode_user_event,
    user_event_listener,
)
from tortodelova.application.ports.user_events import FeedbackReceived
from tortodelova.domain.shares import COMMENT_MAX, NAME_MAX, Decision, Feedback


def answer(comment: str | None = "Больше ягод", name: str | None = "Анна") -> Feedback:
    return Feedback(
        uuid.uuid4(), "tok", uuid.uuid4(), Decision.CHANGES_REQUESTED, comment, name, datetime.now(UTC)
    )


def test_the_longest_answer_fits_a_notify_payload_and_round_trips() -> None:
    event = FeedbackReceived(uuid.uuid4(), answer("ю" * COMMENT_MAX, "я" * NAME_MAX))
    payload = encode_user_event(event)
    assert len(payload.encode()) < 8000
    assert decode_user_event(payload) == event
    blank = FeedbackReceived(uuid.uuid4(), answer(None, None))
    assert decode_user_event(encode_user_event(blank)) == blank


async def test_only_the_owner_hears_of_an_answer(db: Database) -> None:
    owner, other = uuid.uuid4(), uuid.uuid4()
    listener = user_event_listener(db.engine.url)
    publisher = PgUserEventPublisher(db.engine)
    try:
        async with listener.subscribe(owner) as mine, listener.subscribe(other) as theirs:
            event = FeedbackReceived(owner, answer())
            await publisher.publish(event)
            assert await mine.get(10) == event
            assert await theirs.get(0.2) is None
    finally:
        await listener.aclose()
