"""The worker process: the pipelined claim/render/settle loop and its process entry."""
