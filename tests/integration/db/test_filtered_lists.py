"""The lists' statements, built once per filter shape and run on the driver (adapters/db/filtered_lists.py):
every filter, alone and together, gives on PostgreSQL the designs the in-memory adapter gives on the
same rows, and a page read inside a transaction sees that transaction's writes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields, replace
from itertools import combinations
from typing import Any

import pytest
from sqlalchemy import select

from tests.integration.db.factories import at, make_request, make_user
from tortodelova.adapters.db.database import Database
from tortodelova.adapters.db.filtered_lists import FilteredList
from tortodelova.adapters.db.models import users
from tortodelova.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from tortodelova.adapters.memory.store import MemoryDatabase
from tortodelova.adapters.memory.unit_of_work import MemoryUnitOfWork
from tortodelova.application.ports.queries import GenerationFilter, Page
from tortodelova.domain.generation import DesignKind, PredictionRequest, Status
from tortodelova.domain.shares import Share
from tortodelova.domain.users import User

ONE_OF_EACH: dict[str, Any] = {
    "status": Status.SUCCESS,
    "style": "wedding",
    "date_from": at(2),
    "date_to": at(5),
    "credits_min": 10,
    "credits_max": 20,
    "email": "ALI",
    "favorite": True,
    "include_deleted": True,
    "kind": DesignKind.UPSCALE,
}


def _designs(alice: User, bob: User) -> list[PredictionRequest]:
    designs: list[PredictionRequest] = []
    for i in range(8):
        request = make_request(
            alice if i % 3 else bob, created=i, style="wedding" if i % 2 else "kids", credits=40
        )
        upscale = (
            {"kind": DesignKind.UPSCALE, "parent_id": designs[0].id, "init_object_key": "k"}
            if designs
            else {}
        )
        designs.append(
            replace(
                request,
                status=Status.SUCCESS if i % 4 else Status.PENDING,
                credits_spent=(i * 5) if i % 4 else 0,
                favorite=i in (1, 2, 5, 7),
                deleted_at=at(100) if i in (3, 5) else None,
                **(upscale if i in (1, 5, 6) else {}),
            )
        )
    return designs


def _filters(alice: User) -> list[GenerationFilter]:
    """Every filter alone, every pair, and all of them: each a shape of its own."""
    names = list(ONE_OF_EACH)
    shapes = [GenerationFilter()] + [GenerationFilter(**{n: ONE_OF_EACH[n]}) for n in names]
    shapes += [GenerationFilter(**{a: ONE_OF_EACH[a], b: ONE_OF_EACH[b]}) for a, b in combinations(names, 2)]
    shapes += [GenerationFilter(**ONE_OF_EACH), GenerationFilter(user_id=alice.id, favorite=False)]
    return shapes


async def _stored_in_both(
    db: Database, owners: list[User], designs: list[PredictionRequest], links: Sequence[Share] = ()
) -> tuple[SqlAlchemyUnitOfWork, MemoryUnitOfWork]:
    """The same users, designs and links committed on PostgreSQL and in the in-memory adapter."""
    pg, memory = db.unit_of_work(), MemoryUnitOfWork(MemoryDatabase())
    for uow in (pg, memory):
        async with uow:
            for user in owners:
                await uow.users.add(user)  # type: ignore[attr-defined]
            for design in designs:
                await uow.generations.add(design)  # type: ignore[attr-defined]
            for link in links:
                await uow.shares.add(link)  # type: ignore[attr-defined]
            await uow.commit()
    return pg, memory


async def test_every_generation_filter_agrees_with_the_memory_adapter(db: Database) -> None:
    alice, bob = make_user("alice@example.com"), make_user("bob@example.com")
    designs = _designs(alice, bob)
    pg, memory = await _stored_in_both(db, [alice, bob], designs)

    compared = 0
    for flt in _filters(alice):
        for page in (Page(limit=3), Page(limit=3, offset=3), Page(limit=3, offset=30)):
            async with pg.reading() as r:
                got, got_total = await r.generations.list(flt, page)
            async with memory as m:
                want, want_total = await m.generations.list(flt, page)
            assert (got, got_total) == (want, want_total), (flt, page)  # whole designs, as stored
            compared += bool(want_total)
    assert compared > 60  # most shapes match something: the agreement is not between empty pages


def test_a_shape_is_built_once_and_an_unknown_filter_is_refused() -> None:
    listed = FilteredList(select(users), [users.c.id], {"email": lambda v: users.c.email == v})
    first, params = listed.bind({"email": "a@example.com"})
    again, _ = listed.bind({"email": "b@example.com"})
    unfiltered, none = listed.bind({"email": None})
    assert first is again and params == {"email": "a@example.com"}
    assert unfiltered is not first and none == {}
    with pytest.raises(KeyError, match="role"):
        listed.bind({"role": "admin"})


def test_the_filters_named_here_are_every_field_of_the_filter() -> None:
    assert set(ONE_OF_EACH) | {"user_id"} == {f.name for f in fields(GenerationFilter)}


async def test_a_page_read_in_a_transaction_sees_that_transactions_writes(db: Database) -> None:
    uow, user = db.unit_of_work(), make_user("writer@example.com")
    async with uow:  # the page runs on the driver: inside the session's transaction, not beside it
        await uow.users.add(user)
        await uow.generations.add(make_request(user))
        _, total = await uow.generations.list(GenerationFilter(user_id=user.id), Page())
        assert total == 1
    async with uow.reading() as reading:  # rolled back
        assert await reading.generations.list(GenerationFilter(user_id=user.id), Page()) == ([], 0)


async def test_the_shares_of_a_user_and_of_one_design_agree_with_the_memory_adapter(db: Database) -> None:
    alice, bob = make_user("alice@example.com"), make_user("bob@example.com")
    designs = [make_request(alice, created=i) for i in range(3)] + [make_request(bob, created=3)]
    links = [
        Share(f"link-{i}", owner.id, ids, f"заметка {i}", at(10 + i), at(10_000))
        for i, (owner, ids) in enumerate(
            [
                (alice, (designs[0].id, designs[1].id)),
                (alice, (designs[1].id,)),
                (alice, (designs[2].id,)),
                (bob, (designs[3].id,)),
            ]
        )
    ]
    pg, memory = await _stored_in_both(db, [alice, bob], designs, links)
    for owner, design, page in [
        (alice.id, None, Page()),
        (alice.id, None, Page(limit=2, offset=2)),
        (alice.id, designs[1].id, Page()),
        (bob.id, designs[1].id, Page()),
        (alice.id, None, Page(limit=2, offset=9)),
    ]:
        async with pg.reading() as r:
            got = await r.shares.list(owner, design, page)
        async with memory as m:
            want = await m.shares.list(owner, design, page)
        assert got == want, (owner, design, page)
    async with pg.reading() as r:
        assert [s.token for s in (await r.shares.list(alice.id, designs[1].id, Page()))[0]] == [
            "link-1",
            "link-0",
        ]
