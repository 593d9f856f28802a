"""The owner deletes a finished design: its image leaves the object store, the row stays, marked.

The ledger is untouched (its debit still points at the row) and the history keeps the entry;
the gallery, the share links and the public URL no longer show it.
"""

from __future__ import annotations

from uuid import UUID

from tortodelova.application.owned import owned_generation
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.storage import ObjectStore
from tortodelova.application.ports.system import Clock


class DeleteGeneration:
    def __init__(self, *, uow: UnitOfWork, store: ObjectStore, clock: Clock) -> None:
        self.uow, self.store, self.clock = uow, store, clock

    async def __call__(self, user_id: UUID, request_id: UUID) -> None:
        """NotFound for another user's or an unknown id; NotDeletable (409) while pending or processing.
        Repeating it on a deleted design succeeds again and retries the object's removal."""
        async with self.uow as uow:
            request = await owned_generation(uow, user_id, request_id, for_update=True)
            if request.delete(self.clock.now()):
                await uow.generations.save(request)
                await uow.commit()
        # The row is marked first, the object removed after the commit: a crash or a storage error in
        # between leaves an object no design refers to any more (never a live design without its
        # image), and the row keeps `s3_key`, so the owner's repeated DELETE removes it then.
        if request.s3_key is not None:
            await self.store.delete(request.s3_key)
