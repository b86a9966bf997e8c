"""Research projects: proposals, students' ranked preferences and their allocation.

`allocation` is the solver (no Django), `files` reads the proposals and preferences CSV
files that `registrar projects allocate` takes.
"""
