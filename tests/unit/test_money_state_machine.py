"""Random sequences of everything that moves money: buying packs (pay, decline, notifications true,
repeated and forged, lost ones reconciled, the payer's status checks, refunds, a refund the service
does not answer), generating, cancelling, expiring, admin adjustments. After every step the money
invariants of docs/ARCHITECTURE.md must hold (balance = sum of the ledger; credits granted = the packs
of the payments the service confirmed), nothing is credited that the service does not report paid, and
idempotent replays return the first result and change nothing."""

from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, multiple, rule

from tests.support.backends import memory_world
from tests.support.fake_ml import SolidColorGenerator
from tests.support.gateways import Faulty
from tests.support.invariants import check_money_invariants
from tests.support.world import idea
from tortodelova.adapters.payments.sandbox import SandboxGateway
from tortodelova.application.ports.errors import TransientError
from tortodelova.application.ports.payments import PaymentServiceUnavailable
from tortodelova.application.ports.queries import GenerationFilter, Page, PaymentFilter
from tortodelova.domain.errors import (
    DomainError,
    IdempotencyMismatch,
    InsufficientCredits,
    NotCancellable,
    NotDeletable,
    RefundRefused,
)
from tortodelova.domain.generation import Status
from tortodelova.domain.payments import PaymentStatus

LEASE = 30
KEYS = st.sampled_from([None, "k1", "k2"])
PACKS = st.sampled_from(["pack-30", "pack-100", "pack-300", "pack-5"])
CREDITS = {"pack-30": 30, "pack-100": 100, "pack-300": 300}


class MoneyMachine(RuleBasedStateMachine):
    users = Bundle("users")
    claimed = Bundle("claimed")
    payments = Bundle("payments")  # (user, our payment id, the service's id)

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.world = memory_world()
        self.sandbox = self.world.gateway
        assert isinstance(self.sandbox, SandboxGateway)
        self.service = Faulty(self.sandbox)  # the refund outage rule makes it fail
        self.world.gateway = self.service
        self.registered = 0
        self.admin = self.run(self.world.new_admin())
        self.first_payment: dict[tuple, tuple] = {}  # (user, key) -> (pack, payment id)
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

    # --- buying credits ---------------------------------------------------------------------------
    @rule(target=payments, user=users, pack=PACKS, key=KEYS)
    def start_payment(self, user, pack, key):  # noqa: ANN001, ANN201
        before = self.balance(user)
        first = self.first_payment.get((user, key)) if key else None
        try:
            created = self.run(self.world.create_payment()(user, pack, "https://cakes.example/balance", key))
        except IdempotencyMismatch:
            assert first is not None and first[0] != pack
            return multiple()
        except DomainError:
            assert pack not in CREDITS
            return multiple()
        finally:
            assert self.balance(user) == before  # a payment moves nothing until the service says so
        if first is not None:
            assert created.replayed and created.payment.id == first[1]
        elif key:
            self.first_payment[(user, key)] = (pack, created.payment.id)
        assert created.payment.external_id is not None
        return (user, created.payment.id, created.payment.external_id)

    @rule(target=payments, user=users, pack=st.sampled_from(list(CREDITS)), notified=st.booleans())
    def buy(self, user, pack, notified):  # noqa: ANN001, ANN201
        """The whole purchase: paid at the checkout, then notified (or the notification is lost)."""
        before = self.balance(user)
        payment = self.run(self.world.create_payment()(user, pack, "https://cakes.example/balance")).payment
        self.sandbox.pay(payment.external_id)
        if notified:
            self.run(self.world.notify()("payment.succeeded", payment.external_id))
            assert self.balance(user) == (before[0] + CREDITS[pack], before[1])
        else:
            assert self.balance(user) == before
        return (user, payment.id, payment.external_id)

    @rule(payment=payments, decision=st.sampled_from(["pay", "decline"]))
    def payer_decides(self, payment, decision):  # noqa: ANN001
        external_id = payment[2]
        self.sandbox.pay(external_id) if decision == "pay" else self.sandbox.decline(external_id)

    @rule(
        payment=payments,
        event=st.sampled_from(["payment.succeeded", "payment.canceled", "refund.succeeded", "deal.closed"]),
        times=st.integers(1, 3),
    )
    def notification(self, payment, event, times):  # noqa: ANN001
        """True, repeated, out of order or forged: the service's state decides, not the event."""
        for _ in range(times):
            self.run(self.world.notify()(event, payment[2]))

    @rule(external_id=st.sampled_from(["2419a771-000f-5000-9000-1edaf29243f2", "sandbox-forged"]))
    def notification_about_a_stranger(self, external_id):  # noqa: ANN001
        self.run(self.world.notify()("payment.succeeded", external_id))

    @rule(payment=payments)
    def payer_checks(self, payment):  # noqa: ANN001
        self.world.clock.advance(2)
        self.run(self.world.check_payment()(payment[0], payment[1]))

    @rule(seconds=st.sampled_from([30, 121, 3600]))
    def reconciler(self, seconds):  # noqa: ANN001
        self.world.clock.advance(seconds)
        self.run(self.world.reconcile()())

    @rule(payment=payments, outage=st.booleans())
    def refund(self, payment, outage):  # noqa: ANN001
        """An admin's refund; with `outage` the service does not answer the refund request, so the
        payment stays `refunding` (credits debited) until the reconciler or a later refund finishes it."""
        user, payment_id, _ = payment
        before = self.balance(user)
        status = self.payment(payment_id).status
        if outage:
            self.service.fail["refund"] = PaymentServiceUnavailable("timeout")
        try:
            after = self.run(self.world.refund()(self.admin, payment_id))
        except RefundRefused:
            assert self.balance(user) == before
            return
        finally:
            self.service.fail.pop("refund", None)
        if status is PaymentStatus.SUCCEEDED:
            assert after.status is (PaymentStatus.REFUNDING if outage else PaymentStatus.REFUNDED)
            assert self.balance(user) == (before[0] - after.credits, before[1])
        else:  # refunded or refunding already: never a second debit
            assert (
                status in (PaymentStatus.REFUNDING, PaymentStatus.REFUNDED) and self.balance(user) == before
            )

    def payment(self, payment_id):  # noqa: ANN001, ANN201
        [found] = [p for p in self.all_payments() if p.id == payment_id]
        return found

    def all_payments(self):  # noqa: ANN201
        return self.run(self.world.list_payments()(PaymentFilter(), Page(limit=100))).items

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

    @invariant()
    def nothing_credited_that_the_service_does_not_report_paid(self):
        for p in self.all_payments():
            event(f"a payment {p.status.value}")  # --hypothesis-show-statistics: every state is reached
            if p.status.credited:
                assert self.sandbox.payments[p.external_id].succeeded
            if p.status is PaymentStatus.REFUNDED:
                assert self.sandbox.payments[p.external_id].refunded.minor == p.amount.minor


MoneyMachine.TestCase.settings = settings(
    max_examples=200, stateful_step_count=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestMoneyMachine = MoneyMachine.TestCase
