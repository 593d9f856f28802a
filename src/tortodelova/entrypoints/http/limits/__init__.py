"""Abuse limits shared by every API process: failed logins, registrations, refreshes, clients' feedback."""
