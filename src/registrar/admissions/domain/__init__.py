"""Admissions' state changes: one function each, each writing its ledger entry."""
