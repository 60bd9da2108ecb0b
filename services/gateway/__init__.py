"""Gateway service: the REST API catalog systems submit products to."""
