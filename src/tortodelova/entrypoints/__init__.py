"""Process entry points, one kind per package: http/ (the API), worker/, cli/, config/ (settings and
secrets), and ioc/ (the composition root that builds every process's container)."""
