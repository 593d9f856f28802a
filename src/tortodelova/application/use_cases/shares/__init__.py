"""Share links: creating, listing and revoking them, the public page, the clients' feedback."""
