"""Generator service: raw products in, canonical attributes out."""
