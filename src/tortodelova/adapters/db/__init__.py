"""PostgreSQL adapters: schema, repositories and unit of work, job queue, events, migrations.

Nothing is connected at import time; build a `Database` (or an engine with `create_engine`) from
the DATABASE_URL in the composition root.
"""
