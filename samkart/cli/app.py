"""The ``samkart`` command's application object and what its commands share.

Commands live in one module each beside this one (``tables``, ``report``, ``serve`` ...), are thin
over the layers below, and register themselves on :data:`app` or one of its groups when
``samkart.cli`` imports them. Exit codes (``docs/spec/cli.md``): 0 success, 1 invalid input (each
problem a line ``LEVEL TABLE:ROW:COLUMN: message``), 2 a wrong call.

Messages and help are in the user's language: ``SAMKART_LANG`` (``nb``, ``nn`` or ``en``), else the
locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else bokmål. The language is set before any help
text is made, so that ``--help`` reads in it too.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from samkart import i18n
from samkart.i18n import gettext as _

if TYPE_CHECKING:  # only named: a command answered from its kept answer imports no analysis
    from samkart.analysis.tables import Table
    from samkart.register import Register
    from samkart.register.problems import Problem


def _language_from_environment() -> str:
    for var in ("SAMKART_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        chosen = i18n.normalise(os.environ.get(var, ""))
        if chosen:
            return chosen
    return i18n.DEFAULT


i18n.activate(_language_from_environment())

app = typer.Typer(help=_("samkart: kartlegging og analyse av formalisert interkommunalt samarbeid."),
                  no_args_is_help=True, add_completion=False)
table_app = typer.Typer(help=_("Tabeller over samarbeidsordninger for et år."),
                        no_args_is_help=True)
app.add_typer(table_app, name="table")
survey_app = typer.Typer(help=_("Rådmannsundersøkelsen: svarfiler, tabeller og sjekk mot "
                                "registeret."), no_args_is_help=True)
app.add_typer(survey_app, name="survey")


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


RegisterArg = Annotated[Path, typer.Argument(
    help=_("Registeret: en mappe med CSV-filer, en .zip-fil med CSV-filer, en .xlsx-fil eller en "
           ".json-fil."), show_default=False)]
YearOpt = Annotated[int, typer.Option("--year", "-y", help=_("Året som telles (kartleggingsår)."),
                                      min=1000, max=9999)]
FormatOpt = Annotated[OutputFormat, typer.Option(
    "--format", "-f", help=_("Utdata: table (tekst), csv eller json."))]


def print_problems(problems: list[Problem], stream: TextIO) -> None:
    for p in problems:
        print(p.line(), file=stream)


def say(message: str) -> None:
    """A message for the user, on standard error (standard output is the contract's data)."""
    print(message, file=sys.stderr)


def load_or_exit(path: Path, *, behind: bool = True) -> Register:
    """The register at ``path``, or its errors on standard error and exit 1 (read through the
    cache of validated registers: samkart/register/cache.py; ``behind``: see load_cached)."""
    from samkart.register.cache import load_cached

    register, problems = load_cached(path, behind=behind)
    if register is None:
        print_problems(problems, sys.stderr)
        raise typer.Exit(1)
    say_if_demo(register)
    return register


def say_if_demo(register: Register) -> None:
    # On standard error, so that csv and json on standard output stay exactly the contract's.
    from samkart.demo.marker import is_demo

    if is_demo(register):
        say_demo()


def say_demo() -> None:
    say(_("merk: demoregister med syntetiske data kalibrert til NIVI Analyses publiserte tall"))


def contract_data():
    """The contract's tables are data for programs: computed in bokmål whatever the user's
    language (a reason in ``grunn`` reads the same in every installation)."""
    return i18n.using(i18n.DEFAULT)


def emit(table: Table, fmt: OutputFormat) -> None:
    """A table on standard output in the chosen format."""
    if fmt is OutputFormat.csv:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows(["" if v is None else v for v in row] for row in table.flat_rows())
        sys.stdout.write(buffer.getvalue())
    elif fmt is OutputFormat.json:
        sys.stdout.write(json.dumps(table.records(), ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(render_text(table))


def render_text(table: Table) -> str:
    """Aligned text for people: numbers right-aligned, text left-aligned."""
    rows = table.flat_rows()
    cells = [[str(c) for c in table.columns]] + [
        ["" if v is None else (f"{v:.1f}" if isinstance(v, float) else str(v)) for v in row]
        for row in rows
    ]
    numeric = [
        all(isinstance(row[j], (int, float)) for row in rows) and bool(rows)
        for j in range(len(table.columns))
    ]
    widths = [max(len(r[j]) for r in cells) for j in range(len(table.columns))]
    lines = []
    for i, r in enumerate(cells):
        parts = [
            r[j].rjust(widths[j]) if numeric[j] else r[j].ljust(widths[j])
            for j in range(len(r))
        ]
        lines.append("  ".join(parts).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def county_option(value: str | None) -> str | None:
    """``--county NN``: two digits (``3`` is ``03``), else a usage error."""
    if value is None:
        return None
    if not (value.isdigit() and len(value) <= 2):
        raise typer.BadParameter(_("«{value}» er ikke et fylkesnummer (NN)").format(value=value),
                                 param_hint="--county")
    return value.zfill(2)


def stderr_console():
    from rich.console import Console

    return Console(stderr=True)
