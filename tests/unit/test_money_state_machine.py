"""Random sequences of everything that moves money; after every step all five invariants of
docs/ARCHITECTURE.md must hold, and idempotent replays must return the first result and change nothing."""

from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule

from tests.support.backends import memory_world
from tests.support.fake_ml import SolidColorGenerator
from tests.support.invariants import check_money_invariants
from tests.support.world import idea
from tortodelova.application.ports.errors import TransientError
from tortodelova.application.ports.queries import GenerationFilter, Page
from tortodelova.domain.errors import (
    DomainError,
    IdempotencyMismatch,
    InsufficientCredits,
    NotCancellable,
    NotDeletable,
)
from tortodelova.domain.generation import Status

LEASE = 30
KEYS = st.sampled_from([None, "k1", "k2"])


class MoneyMachine(RuleBasedStateMachine):
    users = Bundle("users")
    claimed = Bundle("claimed")

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.world = memory_world()
        self.registered = 0
        self.admin = self.run(self.world.new_admin())
        self.first_top_up: dict[tuple, tuple] = {}  # (user, key) -> (amount, tx id)
        self.first_submit: dict[tuple, tuple] = {}  # (user, key) -> (prompt, request id)

    def run(self, coro):  # noqa: ANN001, ANN201
        return self.loop.run_until_complete(coro)

    def teardown(self) -> None:
        self.loop.close()

    def balance(self, user_id):  # noqa: ANN001, ANN201
        u = self.run(self.world.profile()(user_id))
        return u.balance_credits, u.reserved_credits

    def pick_generation(self, user, pick):  # noqa: ANN001, ANN201
        """One of the user's ten newest listed generations, or None when there is none."""
        mine = self.run(
            self.world.list_generations().for_user(user, GenerationFilter(), Page(limit=10))
        ).items
        return mine[pick % len(mine)].request if mine else None

    @rule(target=users)
    def register(self):  # noqa: ANN201
        self.registered += 1
        return self.run(self.world.new_user(f"user{self.registered}@example.com"))

    @rule(user=users, amount=st.integers(-5, 10_005), key=KEYS)
    def top_up(self, user, amount, key):  # noqa: ANN001
        before = self.balance(user)
        first = self.first_top_up.get((user, key)) if key else None
        try:
            entry = self.run(self.world.top_up()(user, amount, key))
        except IdempotencyMismatch:
            assert first is not None and first[0] != amount
            assert self.balance(user) == before
            return
        except DomainError:
            assert not 1 <= amount <= 10_000
            assert self.balance(user) == before
            return
        if first is not None:
            assert entry.replayed and entry.transaction.id == first[1] and self.balance(user) == before
        else:
            assert self.balance(user) == (before[0] + amount, before[1])
            if key:
                self.first_top_up[(user, key)] = (amount, entry.transaction.id)

    @rule(
        user=users,
        prompt=st.sampled_from(["торт с ягодами", "бенто-торт"]),
        size=st.sampled_from([(512, 512), (768, 768), (100, 100)]),
        key=KEYS,
    )
    def submit(self, user, prompt, size, key):  # noqa: ANN001
        before = self.balance(user)
        first = self.first_submit.get((user, key)) if key else None
        try:
            sub = self.run(
                self.world.submit()(user, idea(prompt_ru=prompt, width=size[0], height=size[1]), key)
            )
        except (InsufficientCredits, IdempotencyMismatch, DomainError):
            assert self.balance(user) == before
            return
        if first is not None:
            assert sub.replayed and sub.view.request.id == first[1] and self.balance(user) == before
        elif key:
            self.first_submit[(user, key)] = (prompt, sub.view.request.id)

    @rule(target=claimed, worker=st.sampled_from(["w1", "w2"]), limit=st.integers(1, 3))
    def claim(self, worker, limit):  # noqa: ANN001
        return (worker, self.run(self.world.queue.claim(worker, limit, LEASE)))

    @rule(job=consumes(claimed), outcome=st.sampled_from(["ok", "transient_store", "generator_crash"]))
    def finish(self, job, outcome):  # noqa: ANN001
        worker, batch = job
        w = self.world
        w.generator = SolidColorGenerator(
            fail_with=RuntimeError("boom") if outcome == "generator_crash" else None
        )
        w.store.fail_next = TransientError("503") if outcome == "transient_store" else None
        results = self.run(w.process()(worker, batch))
        w.store.fail_next = None
        for r in results:
            assert r.status in (Status.SUCCESS, Status.FAILED, Status.PENDING, Status.PROCESSING)

    @rule(user=users, pick=st.integers(0, 9))
    def cancel(self, user, pick):  # noqa: ANN001
        target = self.pick_generation(user, pick)
        if target is None:
            return
        before = self.balance(user)
        try:
            view = self.run(self.world.cancel()(user, target.id))
        except NotCancellable:
            assert target.status is not Status.PENDING and self.balance(user) == before
            return
        assert view.request.status is Status.CANCELLED
        assert self.balance(user) == (before[0], before[1] - target.credits_reserved)

    @rule(user=users, pick=st.integers(0, 9))
    def delete(self, user, pick):  # noqa: ANN001
        """Deleting a design never moves money, and only a finished one can be deleted."""
        target = self.pick_generation(user, pick)
        if target is None:
            return
        before = self.balance(user)
        try:
            self.run(self.world.delete_generation()(user, target.id))
        except NotDeletable:
            assert not target.status.is_terminal
        else:
            assert target.status.is_terminal
            assert target.s3_key is None or target.s3_key not in self.world.store.objects
        assert self.balance(user) == before

    @rule(hours=st.sampled_from([1, 25]))
    def stale_requests_expire(self, hours):  # noqa: ANN001
        self.world.clock.advance(hours * 3600)
        self.run(self.world.expire(ttl_seconds=24 * 3600)())

    @rule()
    def leases_expire(self):
        self.world.clock.advance(LEASE + 1)

    @rule(user=users, amount=st.integers(-300, 300))
    def adjust(self, user, amount):  # noqa: ANN001
        before = self.balance(user)
        try:
            entry = self.run(self.world.adjust()(self.admin, user, amount, "корректировка"))
        except DomainError:
            assert amount == 0 or before[0] + amount < before[1]
            assert self.balance(user) == before
            return
        assert (entry.user.balance_credits, entry.user.reserved_credits) == (before[0] + amount, before[1])

    @invariant()
    def money_invariants_hold(self):
        self.run(check_money_invariants(self.world.new_uow()))


MoneyMachine.TestCase.settings = settings(
    max_examples=200, stateful_step_count=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestMoneyMachine = MoneyMachine.TestCase
