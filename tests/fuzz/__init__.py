"""Hostile input: every file the program reads, mutated, must be refused or read, never
crash, hang or grow past the bounds in tests/fuzz/oracle.py (issue 9, point 4)."""
