"""Research projects as processes: each state change one function, with its ledger entry."""
