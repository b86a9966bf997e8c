"""The production server's set-up: workers from the cores, the address to bind."""

from __future__ import annotations

import pytest

from registrar.web import server
from registrar.web.wsgi import application


@pytest.mark.parametrize(("cores", "workers"), [(1, 3), (2, 5), (4, 9), (64, 9)])
def test_two_workers_a_core_and_one_more_capped_at_nine(monkeypatch, cores, workers):
    monkeypatch.setattr(server.os, "sched_getaffinity", lambda pid: set(range(cores)))

    assert server.default_workers() == workers


def test_an_ipv6_address_is_bracketed_for_gunicorn():
    assert (server.bind_address("127.0.0.1", 8000), server.bind_address("::1", 8000)) == (
        "127.0.0.1:8000",
        "[::1]:8000",
    )


def test_the_server_loads_registrars_wsgi_application_with_the_options_given():
    app = server.RegistrarServer({"bind": "127.0.0.1:8811", "workers": 2, "threads": 3})

    assert (app.cfg.bind, app.cfg.workers, app.cfg.threads) == (["127.0.0.1:8811"], 2, 3)
    assert app.load() is application
