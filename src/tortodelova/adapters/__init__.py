"""Adapters: implementations of the application ports."""
