"""Configs as versioned data: stored bundles, diffs, activation and hot switching.

A version is an immutable bundle of config files (shared groups + product types)
stored in MongoDB; its id is the catalog's content hash, so every message's
``config_version`` names the stored bundle it was made with. One version is active;
activation is announced on Redis and running processes switch without a restart.
"""
