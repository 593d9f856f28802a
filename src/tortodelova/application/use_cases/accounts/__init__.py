"""Accounts: registration, sessions, the profile, top-ups and the ledger."""
