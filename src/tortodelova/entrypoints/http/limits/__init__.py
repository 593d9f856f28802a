"""Per-process abuse limits: failed logins, registrations, refreshes, clients' feedback."""
