"""Object storage adapters (S3)."""
