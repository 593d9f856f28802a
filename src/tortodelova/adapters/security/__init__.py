"""Password hashing (argon2id) and tokens (JWT access, opaque refresh)."""
