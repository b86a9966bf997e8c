"""State changes of this app: one domain function per change, each writing its ledger entry."""
