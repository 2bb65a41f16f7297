"""`--help` of every project command and of each of its subcommands prints and exits 0.

Lazy translation proxies passed to argparse as `help` crashed five commands with a TypeError;
the list of commands comes from Django's own registry, so a new command is checked too.
"""

import argparse

import pytest
from django.core.management import get_commands
from django.core.management import load_command_class


def _project_commands() -> list[tuple[str, str]]:
    return sorted(
        (app, name) for name, app in get_commands().items() if app.startswith("clusterhub.")
    )


def _subcommands(parser: argparse.ArgumentParser) -> list[str]:
    names: list[str] = []
    for action in parser._actions:  # argparse keeps subparsers only here
        if isinstance(action, argparse._SubParsersAction):
            names.extend(action.choices)
    return names


def test_the_project_has_its_commands():
    names = {name for _, name in _project_commands()}
    assert {"assessment", "matchmaking", "strategy", "grants", "demo", "serve", "events"} <= names


@pytest.mark.parametrize(("app", "name"), _project_commands())
def test_help_of_every_command_and_subcommand_exits_0(app, name, capsys):
    command = load_command_class(app, name)
    parser = command.create_parser("clusterhub", name)
    invocations = [[]] + [[sub] for sub in _subcommands(parser)]
    for args in invocations:
        with pytest.raises(SystemExit) as exit_info:
            command.create_parser("clusterhub", name).parse_args([*args, "--help"])
        assert exit_info.value.code == 0, (name, args)
        assert "usage: clusterhub" in capsys.readouterr().out
