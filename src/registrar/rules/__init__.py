"""The regulations engine: parameters, named steps, cohort evaluation and trace.

regulations = load_regulations(regulations_path(spec))   # the ones the spec names
parameters = parameters_for(spec, regulations)          # values for the spec's cohort
inputs = load_inputs(spec, parameters, marks_csv, registrations_csv)   # or InputError
evaluation = evaluate(spec, parameters, inputs.marks, inputs.registrations)
evaluation.results                                       # the contract columns
explain(evaluation, "S001")                              # the trace of one student
what_if(spec, parameters, inputs.marks, inputs.registrations, "S001")
diff_outcomes(evaluation, evaluate(spec, other_parameters, inputs.marks))
"""

from registrar.rules.diff import diff_outcomes
from registrar.rules.engine import Evaluation, evaluate, parameters_for
from registrar.rules.inputs import InputError, Inputs, load_inputs
from registrar.rules.parameters import ParameterError, Regulations, load_regulations
from registrar.rules.steps import STEPS, Step
from registrar.rules.trace import Trace, UnknownStudentError, explain
from registrar.rules.whatif import WhatIf, what_if

__all__ = [
    "STEPS",
    "Evaluation",
    "InputError",
    "Inputs",
    "ParameterError",
    "Regulations",
    "Step",
    "Trace",
    "UnknownStudentError",
    "WhatIf",
    "diff_outcomes",
    "evaluate",
    "explain",
    "load_inputs",
    "load_regulations",
    "parameters_for",
    "what_if",
]
