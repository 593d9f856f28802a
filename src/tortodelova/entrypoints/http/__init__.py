"""Litestar application: controllers, DTOs, auth, errors, SSE."""
