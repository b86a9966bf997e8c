"""Programmes and their published specification versions (one programme row per cohort)."""
