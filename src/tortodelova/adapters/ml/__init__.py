"""ML adapters: MarianMT translator with a confectionery glossary, Stable Diffusion image generator,
the prompt builder, local model management and the offline demo engine.

Importing this package (or glossary, prompts, models, png) loads no torch/transformers/diffusers:
they are imported inside the functions and constructors that need them.
"""
