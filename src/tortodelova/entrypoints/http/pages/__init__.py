"""HTML pages outside the API: the SPA files and index, the public share page /s/{token}."""
