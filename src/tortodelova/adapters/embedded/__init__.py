"""Embedded servers for `tortodelova dev` and the tests: PostgreSQL and S3 (SeaweedFS) as subprocesses."""
