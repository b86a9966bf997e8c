"""Module registrations and the elective choice window."""
