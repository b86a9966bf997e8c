"""Notices to people: recorded in the application, and sent by email (issue 10, point 7)."""
