"""`registrar check` and `registrar serve`, run as a deployer would, each in a fresh process."""

from __future__ import annotations

import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.conftest import ROOT

REGISTRAR = [sys.executable, "-m", "registrar.cli"]
PORT = 8811


def environment(var: Path, **environ: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("REGISTRAR_")
        and k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    return env | {"REGISTRAR_VAR": str(var)} | environ


def run(args: list[str], var: Path, **environ: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        REGISTRAR + args,
        cwd=ROOT,
        env=environment(var, **environ),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def ids(stderr: str) -> list[str]:
    return sorted(re.findall(r"^settings: warning: (security\.W\d+): ", stderr, re.MULTILINE))


def test_check_deploy_fails_on_every_https_warning_when_served_over_plain_http(tmp_path):
    result = run(["check", "--deploy"], tmp_path)

    assert result.returncode == 1
    assert ids(result.stderr) == [
        "security.W004",
        "security.W008",
        "security.W012",
        "security.W016",
    ]
    assert result.stderr.splitlines()[-1] == "error: 4 problems found by the checks"
    assert len(result.stderr.splitlines()) == 5  # one line a problem, then the summary


def test_check_deploy_passes_with_the_production_environment_and_a_made_key(tmp_path):
    result = run(["check", "--deploy"], tmp_path, REGISTRAR_HTTPS="1")

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "No problems found by the deployment checks.\n"
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_check_deploy_names_debug_when_it_is_on(tmp_path):
    result = run(["check", "--deploy"], tmp_path, REGISTRAR_HTTPS="1", REGISTRAR_WEB_DEBUG="1")

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "settings: warning: security.W018: You should not have DEBUG set to True in deployment.",
        "error: 1 problem found by the checks",
    ]


def test_check_without_deploy_runs_the_ordinary_checks(tmp_path):
    result = run(["check"], tmp_path)

    assert (result.returncode, result.stdout) == (0, "No problems found by the checks.\n")


def fetch(path: str) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}{path}", headers={"Accept-Encoding": "gzip"}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read().decode("latin-1")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read().decode("latin-1")


def start(args: list[str], var: Path, **environ: str) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [*REGISTRAR, *args, "--port", str(PORT)],
        cwd=ROOT,
        env=environment(var, **environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # stop() signals the whole group, reloader's child too
    )
    deadline = time.monotonic() + 180  # migrate and collectstatic come first
    while time.monotonic() < deadline:
        try:
            fetch("/login/")
            return server
        except OSError:
            time.sleep(0.5)
    stop(server, signal.SIGKILL)
    raise AssertionError("the server did not answer within 180 s")


def stop(server: subprocess.Popen[bytes], how: signal.Signals = signal.SIGTERM) -> int:
    os.killpg(server.pid, how)
    return server.wait(timeout=30)


def test_serve_runs_gunicorn_with_debug_off_and_compressed_fingerprinted_static_files(tmp_path):
    server = start(["serve", "--workers", "2", "--threads", "2"], tmp_path)
    try:
        status, headers, page = fetch("/login/")
        missing = fetch("/no/such/page/")
        css = re.search(r'href="(/static/registrar/registrar\.[0-9a-f]{12}\.css)"', page)
        assert css is not None, page
        css_status, css_headers, _ = fetch(css.group(1))
    finally:
        stopped = stop(server)

    assert (status, headers["Server"]) == (200, "gunicorn")
    assert missing[0] == 404
    assert "<p>There is nothing at this address.</p>" in missing[2]
    assert "URLconf" not in missing[2]
    assert (css_status, css_headers["Content-Encoding"]) == (200, "gzip")
    assert css_headers["Cache-Control"] == "max-age=315360000, public, immutable"
    assert stopped == 0


def test_serve_dev_runs_the_development_server_with_debug_on(tmp_path):
    server = start(["serve", "--dev"], tmp_path)
    try:
        status, headers, page = fetch("/no/such/page/")
    finally:
        stop(server)

    assert status == 404
    assert "Server" in headers
    assert headers["Server"].startswith("WSGIServer")
    assert "Using the URLconf defined in" in page


def example_environment() -> dict[str, str]:
    lines = (ROOT / "deploy" / "registrar.env.example").read_text().splitlines()
    pairs = (line.split("=", 1) for line in lines if line and not line.startswith("#"))
    return dict(pairs)


def test_the_deploy_example_passes_the_deployment_checks_once_its_key_is_set(tmp_path):
    example = example_environment() | {"REGISTRAR_VAR": str(tmp_path)}

    placeholder = run(["check", "--deploy"], tmp_path, **example)
    example["REGISTRAR_SECRET_KEY"] = secrets.token_urlsafe(50)
    chosen = run(["check", "--deploy"], tmp_path, **example)

    assert (placeholder.returncode, ids(placeholder.stderr)) == (1, ["security.W009"])
    assert (chosen.returncode, chosen.stdout) == (
        0,
        "No problems found by the deployment checks.\n",
    )
