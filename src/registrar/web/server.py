"""The production server: gunicorn running Registrar's WSGI application.

Threaded workers (gthread), so a slow page (an export, a board run) holds one
thread, not a whole process; two workers per core and one more, as gunicorn
advises, capped so a large machine does not start more than the database can use.
"""

from __future__ import annotations

import os
from typing import Any

from gunicorn.app.base import BaseApplication

MAX_WORKERS = 9
THREADS = 4


def default_workers() -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(2 * (cores or 1) + 1, MAX_WORKERS)


def bind_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


class RegistrarServer(BaseApplication):  # type: ignore[misc]  # gunicorn has no type hints
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self) -> Any:
        # Imported in each worker after the fork: no database connection is shared.
        from registrar.web.wsgi import application

        return application


def run(*, host: str, port: int, workers: int, threads: int) -> None:
    """Serve until stopped (SIGTERM or Ctrl-C ends it gracefully)."""
    RegistrarServer(
        {
            "bind": bind_address(host, port),
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "timeout": 120,  # a board run or a PDF export of a large cohort
            "graceful_timeout": 10,
            "accesslog": "-",
            "errorlog": "-",
            "proc_name": "registrar",
            # One control socket per user would make two servers on a machine collide.
            "control_socket_disable": True,
        }
    ).run()
