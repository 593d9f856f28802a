"""HTTP controllers: parse the request, call one use case, serialise the result. No business rules."""
