"""State changes of registrations and the choice window, and the workload they add up to."""
