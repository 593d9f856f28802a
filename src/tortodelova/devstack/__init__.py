"""The development stack, a process-level concern above the entrypoints (no port is implemented here).

`tortodelova dev` (supervisor.py) runs embedded PostgreSQL (postgres.py) and S3 on SeaweedFS
(seaweed.py) as child processes, then the API and a worker; the tests start the same servers.
"""
