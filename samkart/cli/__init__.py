"""The ``samkart`` command (``docs/spec/cli.md``). One module per command or group; see ``app``."""

from __future__ import annotations

import importlib
import sys

from samkart.cli.app import app

# Importing a command module registers its commands on the app, in this order in --help.
for _module in ("register", "tables", "network", "report", "survey", "serve", "backup",
                "demo", "brreg", "migrate"):
    importlib.import_module(f"samkart.cli.{_module}")


def main() -> None:
    try:
        app()
    except BrokenPipeError:  # `samkart table ... | head` must not print a traceback
        sys.stderr.close()
        raise SystemExit(0) from None


__all__ = ["app", "main"]
