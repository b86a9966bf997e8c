"""Notices: who is told what (`events`), recording and sending them (`sending`), reading them
(`reading`)."""
