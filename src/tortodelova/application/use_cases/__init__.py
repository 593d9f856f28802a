"""One use case per module. Each is a class: dependencies in __init__, the action in __call__."""
