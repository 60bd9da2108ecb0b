"""Replaying quarantined messages: selection, pacing, dry runs and lineage."""
