"""The `tortodelova` command line: its commands (dev, serve, worker, db, create-admin, models)."""
