"""Registrar: run a university degree programme from its programme specification."""

from registrar.allocator import tune as _tune_allocator

_tune_allocator()  # before anything imports Polars (registrar/allocator.py says why)

__version__ = "0.2.0"
