"""State changes and queries of programmes and their specification versions."""
