"""Pure domain: entities, value objects and policies. Standard library only."""
