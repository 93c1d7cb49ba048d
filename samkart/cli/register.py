"""``samkart validate`` and ``samkart convert``: the register as a file."""


import sys
from pathlib import Path
from typing import Annotated

import typer

from samkart.cli.app import RegisterArg, app, load_or_exit, print_problems, say, say_if_demo
from samkart.i18n import gettext as _
from samkart.i18n import ngettext
from samkart.register.problems import Severity


@app.command(help=_("Kontroller et register mot formatet og referansedataene. Hvert problem er én "
                    "linje: NIVÅ TABELL:RAD:KOLONNE: melding. Avslutter med 0 uten feil, 1 med "
                    "feil."))
def validate(register: RegisterArg) -> None:
    from samkart.register.cache import load_cached

    loaded, problems = load_cached(register)
    print_problems(problems, sys.stdout)
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    warned = ngettext("{n} advarsel", "{n} advarsler", warnings).format(n=warnings)
    if loaded is not None:
        say_if_demo(loaded)
        say(_("ok: {arrangements} ordninger, {participations} deltakelser ({warned})").format(
            arrangements=len(loaded.arrangements), participations=len(loaded.participations),
            warned=warned))
    else:
        say(_("{errors} feil, {warned}").format(errors=errors, warned=warned))
    raise typer.Exit(0 if loaded is not None else 1)


@app.command(help=_("Skriv registeret i en annen beholder: mappe (CSV), .xlsx eller .json."))
def convert(
    register: RegisterArg,
    out: Annotated[Path, typer.Argument(help=_("Hvor registeret skrives."), show_default=False)],
    semicolon: Annotated[bool, typer.Option(
        "--semicolon", help=_("Semikolon som skilletegn i CSV (for norsk Excel)."))] = False,
) -> None:
    loaded = load_or_exit(register)
    if semicolon and out.suffix.lower() not in (".xlsx", ".json"):
        from samkart.register.write import write_csv_folder

        write_csv_folder(loaded, out, delimiter=";")
    else:
        from samkart.register import write_register

        write_register(loaded, out)
    say(_("skrevet: {path}").format(path=out))
