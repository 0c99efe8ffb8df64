"""The user's settings: where data lives, who the coder is, the config file, keys."""
