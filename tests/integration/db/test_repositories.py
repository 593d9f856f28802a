"""Repositories and unit of work on real PostgreSQL: round trips, filters, errors, transactions."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.integration.db.factories import T0, add_user, at, make_request, make_user, submit
from tortodelova.adapters.db.database import Database
from tortodelova.application.ports.queries import GenerationFilter, Page, TransactionFilter
from tortodelova.domain import wallet
from tortodelova.domain.errors import EmailTaken, IdempotencyInFlight
from tortodelova.domain.generation import Status
from tortodelova.domain.payments import CreditPack, Money, Payment
from tortodelova.domain.tokens import RefreshToken
from tortodelova.domain.transactions import TxKind, TxType
from tortodelova.domain.users import Email, Role


async def test_user_round_trip_and_update(db: Database) -> None:
    uow = db.unit_of_work()
    user = make_user("Chef@Example.COM", role=Role.ADMIN)
    async with uow:
        await uow.users.add(user)
        await uow.commit()
    async with uow:
        loaded = await uow.users.get(user.id)
        assert loaded == user
        assert loaded.email == Email("chef@example.com") and loaded.role is Role.ADMIN
        assert await uow.users.get_by_email(Email.parse("  CHEF@example.com ")) == user
        loaded.is_active, loaded.hashed_password, loaded.updated_at = False, "new-hash", at(60)
        await uow.users.save(loaded)
        await uow.commit()
    async with uow:
        assert await uow.users.get(user.id) == loaded
        assert await uow.users.get(uuid.uuid4()) is None


async def test_email_is_unique_case_insensitively(db: Database) -> None:
    uow = db.unit_of_work()
    await add_user(uow, "baker@example.com")
    async with uow:
        with pytest.raises(EmailTaken):
            await uow.users.add(make_user("BAKER@example.com"))
        # the savepoint kept the transaction usable
        other = make_user("other@example.com")
        await uow.users.add(other)
        await uow.commit()
    async with uow:
        users, total = await uow.users.list(None, Page())
    assert total == 2 and {u.email.value for u in users} == {"baker@example.com", "other@example.com"}


async def test_users_list_searches_email_substring_newest_first(db: Database) -> None:
    uow = db.unit_of_work()
    async with uow:
        for i, name in enumerate(["anna", "boris", "anastasia", "vera"]):
            await uow.users.add(replace(make_user(f"{name}@example.com"), created_at=at(i)))
        await uow.commit()
    async with uow:
        found, total = await uow.users.list("AN", Page(limit=1))
        everyone, all_total = await uow.users.list(None, Page(limit=10, offset=1))
    assert total == 2 and [u.email.value for u in found] == ["anastasia@example.com"]
    assert all_total == 4
    assert [u.email.value for u in everyone] == [
        "anastasia@example.com",
        "boris@example.com",
        "anna@example.com",
    ]


async def test_a_page_counts_every_match_in_one_query_and_past_the_end_too(db: Database) -> None:
    uow = db.unit_of_work()
    async with uow:
        for i in range(5):
            await uow.users.add(replace(make_user(f"user{i}@example.com"), created_at=at(i)))
        await uow.commit()
    pages = {}
    async with uow:
        for offset in (0, 2, 4, 5, 50):
            found, total = await uow.users.list("user", Page(limit=2, offset=offset))
            pages[offset] = ([u.email.value for u in found], total)
        nothing = await uow.users.list("nobody", Page(limit=2))
    assert pages[0] == (["user4@example.com", "user3@example.com"], 5)
    assert pages[2] == (["user2@example.com", "user1@example.com"], 5)
    assert pages[4] == (["user0@example.com"], 5)
    assert pages[5] == pages[50] == ([], 5)  # an empty page still says how many there are
    assert nothing == ([], 0)


async def test_leaving_without_commit_rolls_back(db: Database) -> None:
    uow = db.unit_of_work()
    user = make_user()
    async with uow:
        await uow.users.add(user)
    with pytest.raises(RuntimeError, match="boom"):
        async with uow:
            await uow.users.add(user)
            raise RuntimeError("boom")
    async with uow:
        await uow.users.add(user)
        await uow.rollback()
        assert await uow.users.get(user.id) is None
    async with uow:
        assert await uow.users.get(user.id) is None


async def test_transactions_round_trip_filters_and_idempotency(db: Database) -> None:
    uow = db.unit_of_work()
    admin = await add_user(uow, "admin@example.com")
    user = await add_user(uow, "baker@example.com", balance=30)  # bonus at T0
    async with uow:
        u = await uow.users.get(user.id, for_update=True)
        assert u is not None
        paid = Payment.new(uuid.uuid4(), u.id, CreditPack("pack-100", 100, Money(59000)), "yookassa", at(9))
        paid.attach("2419a771-000f-5000-9000-1edaf29243f2", "https://yoomoney.example/checkout", at(9))
        paid.succeed(at(10))
        await uow.payments.add(paid)
        # the ledger's own idempotency key (unique per user), on a paid pack's credit
        top = replace(wallet.credit_payment(u, paid, tx_id=uuid.uuid4(), now=at(10)), idempotency_key="key-1")
        adj = wallet.admin_adjust(
            u, -5, description="корректировка", admin_id=admin.id, tx_id=uuid.uuid4(), now=at(20)
        )
        await uow.transactions.add(top)
        await uow.transactions.add(adj)
        await uow.users.save(u)
        await uow.commit()
    async with uow:
        assert await uow.transactions.get_by_idempotency_key(user.id, "key-1") == top
        assert await uow.transactions.get_by_idempotency_key(admin.id, "key-1") is None
        items, total = await uow.transactions.list(TransactionFilter(user_id=user.id), Page())
        assert total == 3 and [t.kind for t in items] == [
            TxKind.ADMIN_ADJUSTMENT,
            TxKind.TOP_UP,
            TxKind.BONUS,
        ]
        assert items[0] == adj and adj.created_by == admin.id
        assert items[1].payment_id == paid.id and await uow.payments.get(paid.id) == paid
        debits, n = await uow.transactions.list(TransactionFilter(type=TxType.DEBIT), Page())
        assert n == 1 and debits == [adj]
        window, n = await uow.transactions.list(TransactionFilter(date_from=at(5), date_to=at(10)), Page())
        assert n == 1 and window == [top]
        kinds, n = await uow.transactions.list(TransactionFilter(kind=TxKind.BONUS), Page(limit=1))
        assert n == 1 and kinds[0].description == "test"

        # the same key again: a domain error, and the transaction is still usable afterwards
        again = replace(top, id=uuid.uuid4())
        with pytest.raises(IdempotencyInFlight):
            await uow.transactions.add(again)
        assert await uow.transactions.get_by_idempotency_key(user.id, "key-1") == top


async def test_generation_round_trip_with_every_field(db: Database) -> None:
    uow = db.unit_of_work()
    user = await add_user(uow, balance=100)
    request = await submit(
        uow,
        user,
        key="gen-1",
        negative_prompt_ru="без надписей",
        width=768,
        height=512,
        steps=30,
        guidance=7.5,
        seed=2**32 - 1,
    )
    async with uow:
        loaded = await uow.generations.get(request.id)
        assert loaded == request
        assert loaded.params.negative_prompt_ru == "без надписей" and loaded.params.seed == 2**32 - 1
        assert await uow.generations.get_by_idempotency_key(user.id, "gen-1") == request

        loaded.claim("w1", at(5), at(65))
        loaded.set_prompts("cake with strawberries", "text, watermark")
        loaded.report_progress("w1", 0.5)
        await uow.generations.save(loaded)
        await uow.commit()
    async with uow:
        locked = await uow.generations.get(request.id, for_update=True)
        assert locked == loaded and locked.lease_owner == "w1" and locked.attempts == 1
        locked.succeed("w1", "designs/x.png", "http://s3/designs/x.png", at(30))
        await uow.generations.save(locked)
        await uow.commit()
    async with uow:
        done = await uow.generations.get(request.id)
    assert done == locked and done.status is Status.SUCCESS and done.lease_owner is None
    assert done.finished_at == at(30) and done.started_at == at(5) and done.progress == 1.0


async def test_generation_idempotency_key_conflict_is_a_domain_error(db: Database) -> None:
    uow = db.unit_of_work()
    user = await add_user(uow, balance=100)
    await submit(uow, user, key="same")
    async with uow:
        with pytest.raises(IdempotencyInFlight):
            await uow.generations.add(make_request(user, key="same"))
        await uow.generations.add(make_request(user, key="other"))  # still usable
        await uow.commit()


async def test_generations_list_filters_and_queue_position(db: Database) -> None:
    uow = db.unit_of_work()
    alice = await add_user(uow, "alice@example.com", balance=1000)
    bob = await add_user(uow, "bob@example.com", balance=1000)
    a1 = await submit(uow, alice, created=1, style="wedding", credits=10)
    a2 = await submit(uow, alice, created=2, style="kids", credits=20)
    b1 = await submit(uow, bob, created=3, style="kids", credits=10)
    a3 = await submit(uow, alice, created=4, style="kids", credits=30)
    async with uow:
        r = await uow.generations.get(a2.id, for_update=True)
        assert r is not None
        r.claim("w1", at(5), at(60))
        r.succeed("w1", "k", "u", at(6))
        await uow.generations.save(r)
        await uow.commit()
    async with uow:
        mine, total = await uow.generations.list(GenerationFilter(user_id=alice.id), Page())
        assert total == 3 and [g.id for g in mine] == [a3.id, a2.id, a1.id]
        kids, total = await uow.generations.list(
            GenerationFilter(user_id=alice.id, style="kids"), Page(limit=1)
        )
        assert total == 2 and [g.id for g in kids] == [a3.id]
        done, total = await uow.generations.list(GenerationFilter(status=Status.SUCCESS), Page())
        assert total == 1 and done[0].id == a2.id
        spent, total = await uow.generations.list(GenerationFilter(credits_min=15, credits_max=25), Page())
        assert total == 1 and spent[0].id == a2.id
        window, total = await uow.generations.list(GenerationFilter(date_from=at(2), date_to=at(3)), Page())
        assert total == 2 and [g.id for g in window] == [b1.id, a2.id]

        snapshot = await uow.generations.queue_snapshot([x.id for x in (a1, a2, b1, a3)])
    assert snapshot == {a1.id: 0, b1.id: 1, a3.id: 2}  # a2 is no longer pending


async def test_refresh_tokens_round_trip_rotation_and_family_revocation(db: Database) -> None:
    uow = db.unit_of_work()
    user = await add_user(uow)
    family = uuid.uuid4()
    first = RefreshToken(uuid.uuid4(), user.id, family, "hash-1", T0 + timedelta(days=30), T0)
    second = RefreshToken(uuid.uuid4(), user.id, family, "hash-2", T0 + timedelta(days=30), at(60))
    other = RefreshToken(uuid.uuid4(), user.id, uuid.uuid4(), "hash-3", T0 + timedelta(days=30), T0)
    async with uow:
        for token in (first, second, other):
            await uow.refresh_tokens.add(token)
        await uow.refresh_tokens.save(replace(first, revoked_at=at(60), replaced_by=second.id))
        await uow.commit()
    async with uow:
        assert await uow.refresh_tokens.get_by_hash("hash-1", for_update=True) == replace(
            first, revoked_at=at(60), replaced_by=second.id
        )
        await uow.refresh_tokens.revoke_family(family, at(120))
        await uow.commit()
    async with uow:
        rotated = await uow.refresh_tokens.get_by_hash("hash-1")
        assert rotated is not None and rotated.revoked_at == at(60)  # already revoked: unchanged
        assert (await uow.refresh_tokens.get_by_hash("hash-2")).revoked_at == at(120)  # type: ignore[union-attr]
        assert (await uow.refresh_tokens.get_by_hash("hash-3")).revoked_at is None  # type: ignore[union-attr]
        assert await uow.refresh_tokens.get_by_hash("missing") is None


async def test_transactions_are_append_only(db: Database) -> None:
    uow = db.unit_of_work()
    await add_user(uow, balance=30)
    for statement in ("UPDATE transactions SET amount = 1", "DELETE FROM transactions"):
        with pytest.raises(DBAPIError, match="append-only"):
            async with db.engine.begin() as conn:
                await conn.execute(text(statement))
    async with db.engine.connect() as conn:
        assert (await conn.execute(text("SELECT amount FROM transactions"))).scalar_one() == 30


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE users SET reserved_credits = balance_credits + 1",
        "UPDATE users SET reserved_credits = -1",
        "UPDATE users SET email = 'Upper@Example.com'",
        "INSERT INTO transactions (id, user_id, amount, type, kind) SELECT gen_random_uuid(), id, 0, 'credit', 'bonus' FROM users",
        "INSERT INTO transactions (id, user_id, amount, type, kind) SELECT gen_random_uuid(), id, 5, 'credit', 'gift' FROM users",
        "UPDATE prediction_requests SET progress = 1.5",
        "UPDATE prediction_requests SET credits_spent = credits_reserved",  # spent while pending
        "UPDATE prediction_requests SET status = 'lost'",
    ],
)
async def test_check_constraints_back_the_invariants(db: Database, statement: str) -> None:
    uow = db.unit_of_work()
    user = await add_user(uow, balance=30)
    await submit(uow, user, credits=10)
    with pytest.raises(DBAPIError, match="violates check constraint"):
        async with db.engine.begin() as conn:
            await conn.execute(text(statement))


async def test_one_unit_of_work_object_serves_concurrent_tasks(db: Database) -> None:
    """Each task gets its own session: one task's rollback does not touch another's commit."""
    uow = db.unit_of_work()
    kept, dropped = make_user("kept@example.com"), make_user("dropped@example.com")
    both_inside = asyncio.Barrier(2)

    async def write(user, commit: bool) -> None:  # noqa: ANN001
        async with uow:
            await uow.users.add(user)
            await both_inside.wait()
            if commit:
                await uow.commit()

    await asyncio.gather(write(kept, True), write(dropped, False))
    async with uow:
        users, total = await uow.users.list(None, Page())
    assert total == 1 and users[0].id == kept.id
    with pytest.raises(RuntimeError, match="not open"):
        await uow.users.get(kept.id)
