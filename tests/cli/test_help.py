"""Every command and subcommand answers --help with its own description."""

from __future__ import annotations

import pytest
import typer
from typer.core import TyperGroup
from typer.testing import CliRunner

from registrar.cli import app, main

runner = CliRunner()


def command_paths(command: object, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [prefix]
    if isinstance(command, TyperGroup):
        for name, sub in command.commands.items():
            paths += command_paths(sub, (*prefix, name))
    return paths


ALL = command_paths(typer.main.get_command(app))


def test_the_command_tree_holds_the_spec_commands() -> None:
    assert {("spec", "validate"), ("spec", "show"), ("spec", "render")} <= set(ALL)


@pytest.mark.parametrize("path", ALL, ids=lambda p: " ".join(p) or "registrar")
def test_help_describes_every_command(path: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    command: object = typer.main.get_command(app)
    for name in path:
        assert isinstance(command, TyperGroup)
        command = command.commands[name]
    assert getattr(command, "help", None), f"{' '.join(path)} has no help text"


def test_unexpected_error_is_one_line_without_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def explode() -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("registrar.cli.app", explode)
    with pytest.raises(SystemExit) as caught:
        main()
    assert caught.value.code == 70
    assert capsys.readouterr().err == (
        "error: unexpected RuntimeError: disk on fire "
        "(run with REGISTRAR_DEBUG=1 to see the traceback)\n"
    )
