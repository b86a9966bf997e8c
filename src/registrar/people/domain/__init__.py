"""State changes of accounts, tokens and student records."""
