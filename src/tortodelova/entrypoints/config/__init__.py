"""Process configuration: settings from the environment, .env loading, the secret policy, logging."""
