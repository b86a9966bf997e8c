"""Registrar: run a university degree programme from its programme specification."""

__version__ = "0.2.0"
