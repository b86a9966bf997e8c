"""The one refusal of the claims domain."""


class ClaimRefusedError(Exception):
    """The claim (or the step on it) was refused; the message says why. Nothing was written."""
