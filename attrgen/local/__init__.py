"""Local stand-ins for production infrastructure: real servers, started as processes."""
