"""Payment services: YooKassa through its official SDK (yookassa.py), and the sandbox (sandbox.py)."""
