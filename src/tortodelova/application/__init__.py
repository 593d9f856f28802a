"""Use cases (one per module in use_cases/) and the ports they depend on."""
