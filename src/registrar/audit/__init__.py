"""The append-only audit ledger: one entry per state change, written in its transaction."""
