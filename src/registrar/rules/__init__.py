"""The regulations engine: parameters, named steps, cohort evaluation and trace."""
