"""Process entry points: HTTP app, worker, CLI, settings, composition root."""
