"""Generations: quote, submit, the worker's processing, the owner's designs and uploads."""
