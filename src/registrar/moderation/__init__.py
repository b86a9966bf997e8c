"""Moderation: each module's mark distribution, read from the engine's evaluation.

`statistics` holds the exact arithmetic (plain Python), `cohort` reads it off an
evaluation of the cohort (no Django), `stored` evaluates the current stored marks,
and `export` writes one module's moderation as CSV or JSON-ready data.
"""
