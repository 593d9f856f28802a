"""Alembic migrations (script_location). Run them with tortodelova.adapters.db.migrate."""
