"""Server-Sent Events: the generation and user streams, stream slots, the shared queue snapshot."""
