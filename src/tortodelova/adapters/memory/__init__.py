"""In-memory adapters, for the fast tests only (wired by tests/support/memory_providers.py; no process of
the service uses them, an import-linter contract keeps it so). Same semantics as the real ones, no durability."""
