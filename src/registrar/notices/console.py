"""The default mail backend: Django's console backend, on standard error.

Standard output is the command line's contract (a publish prints the version and its
changes); mail written there would mix with it. The server's standard error is its log.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.mail.backends import console


class EmailBackend(console.EmailBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("stream", sys.stderr)
        super().__init__(*args, **kwargs)
