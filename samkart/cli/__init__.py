"""The ``samkart`` command (``docs/spec/cli.md``). One module per command or group; see ``app``."""

from __future__ import annotations

import importlib
import sys

from samkart.cli import outputs
from samkart.cli.app import app, table_app
from samkart.cli.outputs import keeps_output

# Importing a command module registers its commands on the app, in this order in --help.
# Command modules do without `from __future__ import annotations`: typer reads every command's
# annotations on every call, and as strings each is compiled anew (a quarter of a kept answer's
# time; tests/test_cli_outputs.py checks it).
COMMAND_MODULES = ("register", "tables", "network", "report", "survey", "serve", "backup",
                   "demo", "brreg", "migrate")
for _module in COMMAND_MODULES:
    importlib.import_module(f"samkart.cli.{_module}")

# The reading commands answer from their kept answers on an unchanged register (cli/outputs.py).
for _info in (*table_app.registered_commands,
              *(i for i in app.registered_commands
                if i.callback is not None and i.callback.__name__ == "validate")):
    assert _info.callback is not None
    _info.callback = keeps_output("validate" if _info.name is None else f"table {_info.name}",
                                  _info.callback)


def main() -> None:
    outputs.ONE_COMMAND = True
    try:
        app()
    except BrokenPipeError:  # `samkart table ... | head` must not print a traceback
        sys.stderr.close()
        raise SystemExit(0) from None


__all__ = ["app", "main"]
