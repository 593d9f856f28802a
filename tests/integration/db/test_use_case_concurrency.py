"""The money use cases under real concurrency on PostgreSQL: each task gets its own use case and
unit of work, exactly as concurrent HTTP requests do."""

from __future__ import annotations

import asyncio

from tests.support.backends import make_world
from tests.support.invariants import check_money_invariants
from tests.support.world import idea
from tortodelova.application.ports.queries import GenerationFilter, Page, PaymentFilter, TransactionFilter
from tortodelova.domain.errors import InsufficientCredits
from tortodelova.domain.generation import Status
from tortodelova.domain.transactions import TxKind


async def test_fifty_concurrent_submits_against_five_generations_worth(db):
    async with make_world("postgres", db) as world:
        user_id = await world.new_user()  # 30 credits
        await world.grant(user_id, 20)  # 50 credits = exactly 5 generations of 10
        results = await asyncio.gather(
            *(world.submit()(user_id, idea(seed=i)) for i in range(50)), return_exceptions=True
        )
        accepted = [r for r in results if not isinstance(r, BaseException)]
        refused = [r for r in results if isinstance(r, InsufficientCredits)]
        assert (len(accepted), len(refused)) == (5, 45), [r for r in results if isinstance(r, BaseException)][
            :3
        ]
        user = await world.profile()(user_id)
        assert (user.balance_credits, user.reserved_credits, user.available_credits) == (50, 50, 0)
        await check_money_invariants(world.new_uow())


async def test_twenty_concurrent_pack_purchases_with_one_key_make_one_payment(db):
    async with make_world("postgres", db) as world:
        user_id = await world.new_user()
        created = await asyncio.gather(
            *(
                world.create_payment()(user_id, "pack-100", "https://cakes.example/balance", "same-key")
                for _ in range(20)
            )
        )
        assert len({c.payment.id for c in created}) == 1
        assert sum(not c.replayed for c in created) == 1
        assert len({c.payment.external_id for c in created}) == 1 and len(world.gateway.payments) == 1
        payments = await world.list_payments().for_user(user_id, PaymentFilter(), Page())
        assert payments.total == 1
        await check_money_invariants(world.new_uow())


async def test_concurrent_notifications_and_reconcilers_credit_a_payment_once(db):
    async with make_world("postgres", db) as world:
        user_id = await world.new_user()
        payment = (await world.create_payment()(user_id, "pack-300", "https://cakes.example/balance")).payment
        world.gateway.pay(payment.external_id)
        world.clock.advance(121)
        await asyncio.gather(
            *(world.notify()("payment.succeeded", payment.external_id) for _ in range(10)),
            *(world.reconcile()() for _ in range(3)),
            *(world.check_payment()(user_id, payment.id) for _ in range(3)),
        )
        page = await world.list_transactions().for_user(
            user_id, TransactionFilter(kind=TxKind.TOP_UP), Page()
        )
        assert page.total == 1
        assert (await world.profile()(user_id)).balance_credits == 30 + 300
        await check_money_invariants(world.new_uow())


async def test_concurrent_workers_never_double_debit(db):
    async with make_world("postgres", db) as world:
        user_id = await world.new_user(top_up=200)
        for i in range(12):
            await world.submit()(user_id, idea(seed=i))
        outcomes = await asyncio.gather(*(world.run_worker_once(f"w{i}", limit=3) for i in range(6)))
        done = [o for batch in outcomes for o in batch if o.status is Status.SUCCESS]
        assert len(done) == len({o.request_id for o in done}) == 12
        page = await world.list_generations().for_user(
            user_id, GenerationFilter(status=Status.SUCCESS), Page(50, 0)
        )
        assert page.total == 12
        debits = await world.list_transactions().for_user(
            user_id, TransactionFilter(kind=TxKind.GENERATION), Page(50, 0)
        )
        assert debits.total == 12
        await check_money_invariants(world.new_uow())


async def test_one_answer_sent_twenty_times_at_once_is_stored_once(db):
    """A client's answer repeated at once (a double tap, a flaky network resending) is one answer: the
    link is locked while the latest answer is compared."""
    async with make_world("postgres", db) as world:
        user_id = await world.new_user()
        submitted = await world.submit()(user_id, idea())
        await world.run_worker_once()
        gid = submitted.view.request.id
        share = (await world.create_share()(user_id, gid, None, None)).share
        answers = await asyncio.gather(
            *(
                world.submit_feedback()(
                    share.token,
                    decision="changes_requested",
                    comment="Меньше крема",
                    name=None,
                    generation_id=None,
                )
                for _ in range(20)
            )
        )
        assert sum(a.created for a in answers) == 1 and len({a.feedback.id for a in answers}) == 1
        async with world.new_uow() as uow:
            assert len(await uow.feedback.for_share(share.token)) == 1


async def test_twenty_concurrent_upscales_against_ten_upscales_worth(db):
    from tortodelova.application.use_cases.printing.submit_upscale import SubmitUpscale

    async with make_world("postgres", db) as world:
        user_id = await world.new_user()  # 30 credits
        parent = (await world.submit()(user_id, idea(seed=1))).view.request.id
        [done] = await world.run_worker_once()
        assert done.status is Status.SUCCESS  # 20 credits left: ten upscales of 2
        results = await asyncio.gather(
            *(world._use_case(SubmitUpscale)(user_id, parent, 4) for _ in range(20)), return_exceptions=True
        )
        accepted = [r for r in results if not isinstance(r, BaseException)]
        refused = [r for r in results if isinstance(r, InsufficientCredits)]
        assert (len(accepted), len(refused)) == (10, 10), [
            r for r in results if isinstance(r, BaseException)
        ][:3]
        user = await world.profile()(user_id)
        assert (user.balance_credits, user.reserved_credits) == (20, 20)
        await check_money_invariants(world.new_uow())
