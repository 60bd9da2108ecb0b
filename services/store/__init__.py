"""Store service: validated attributes and quarantine records into MongoDB."""
