"""Research projects: proposals, students' ranked preferences and their allocation,
supervision meetings and the progress review (docs/projects.md).

`allocation` is the solver (no Django), `files` reads the proposals and preferences CSV
files that `registrar projects allocate` takes; `models` and `domain/` are the Django app
the web pages use, and its allocation runs call the same solver.
"""
