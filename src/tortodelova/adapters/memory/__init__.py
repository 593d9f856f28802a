"""In-memory adapters: unit tests and demos. Same semantics as the real ones, no durability."""
