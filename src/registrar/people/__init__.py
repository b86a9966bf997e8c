"""People: accounts and their roles, students and their records, API tokens."""
