"""Validator service: generated attributes checked against the config, or quarantined."""
