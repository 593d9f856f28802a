"""Ports: what the use cases need from the outside world, as typing.Protocol, one module per concern.

queries (filters, paging), persistence (repositories, unit of work), queue, events, ml, storage,
security, system (clock, ids, seeds), stats (the admin read model), errors.
Adapters implement them: adapters/memory (fast tests), adapters/db (PostgreSQL), adapters/storage
(S3), adapters/ml (transformers/diffusers), adapters/security, adapters/system.
Import from the concern module (`tortodelova.application.ports.queue`); this package re-exports
nothing.
"""
