"""Registrar: run a university degree programme from its programme specification."""
