"""``samkart migrate`` and ``samkart reference klass``: carrying a register through municipal
changes, real or hypothetical, and adding the changes the bundled reference does not know yet.

Thin over :mod:`samkart.register.migrate` and :mod:`samkart.register.klass`: the plan, its lines and
its errors are worked out there; here they are printed and, with ``--commit``, written.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from samkart.cli.app import RegisterArg, app, load_or_exit, print_problems, say
from samkart.i18n import gettext as _
from samkart.i18n import ngettext

reference_app = typer.Typer(help=_("Referansedata: oppdatering fra SSBs KLASS."),
                            no_args_is_help=True)
app.add_typer(reference_app, name="reference")


@app.command(help=_("Før registeret gjennom kommuneendringene til 1. januar i --to-year: "
                    "deltakelser og vertskommuner fortsetter i etterfølgeren, åpent som nye rader. "
                    "Uten --commit skrives ingenting; planen skrives ut, én endring per linje. "
                    "Med --reform: en tenkt reform, skrevet til --out."))
def migrate(
    register: RegisterArg,
    to_year: Annotated[int, typer.Option("--to-year", help=_("Året registeret føres fram til "
                                                             "(1. januar)."),
                                         min=1000, max=9999, show_default=False)],
    decisions: Annotated[Path | None, typer.Option(
        "--decisions", help=_("CSV ordning_id,kommunenummer,ny_kommunenummer: hvilke "
                              "etterfølgere en delt kommunes deltakelser fortsetter i."))] = None,
    commit: Annotated[bool, typer.Option("--commit", help=_("Skriv registeret (ellers bare "
                                                            "planen)."))] = False,
    reform: Annotated[Path | None, typer.Option(
        "--reform", help=_("CSV nytt_nummer,navn,kommunenummer: tenkte sammenslåinger som trer i "
                           "kraft 1. januar i --to-year."))] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", help=_("Hvor registeret etter en tenkt reform skrives (aldri over "
                        "originalen)."))] = None,
) -> None:
    from samkart.register.migrate import (
        MigrationError,
        csv_delimiter,
        plan_migration,
        read_decisions,
        revalidated,
    )
    from samkart.register.reform import apply_reform, read_reform
    from samkart.register.write import write_register

    if reform is not None and out is None:
        raise typer.BadParameter(_("--reform krever --out"), param_hint="--out")
    if reform is None and out is not None:
        raise typer.BadParameter(_("--out brukes bare med --reform"), param_hint="--out")
    if out is not None and out.resolve() == register.resolve():
        raise typer.BadParameter(_("--out kan ikke være registeret selv"), param_hint="--out")
    loaded = load_or_exit(register)
    try:
        chosen = read_decisions(decisions, decisions.name) if decisions is not None else []
        extra = ()
        if reform is not None:
            rows = read_reform(reform, reform.name)
            loaded, extra = apply_reform(loaded, rows, to_year, reform.name)
        plan = plan_migration(loaded, to_year, chosen, extra_changes=extra,
                              reform_year=to_year if reform is not None else None,
                              decisions_name=decisions.name if decisions else "beslutninger")
        for step in plan.steps:
            print(step.text)
        for need in plan.needed:
            print(need.line())
        print_problems(list(plan.warnings), sys.stderr)
        say(ngettext("{n} endring", "{n} endringer", len(plan.steps)).format(n=len(plan.steps))
            + ", " + ngettext("{n} beslutning mangler", "{n} beslutninger mangler",
                              len(plan.needed)).format(n=len(plan.needed)))
        if not plan.complete:
            say(_("ingenting er skrevet: gi beslutningene med --decisions"))
            raise typer.Exit(1)
        if reform is not None:
            assert out is not None
            write_register(revalidated(plan.register), out, csv_delimiter(register))
            say(_("skrevet: {path}").format(path=out))
        elif commit:
            if not plan.changed:
                say(_("ingen endringer å skrive"))
                return
            write_register(revalidated(plan.register), register, csv_delimiter(register))
            say(_("skrevet: {path}").format(path=register))
        else:
            say(_("tørrkjøring: ingenting er skrevet (bruk --commit)"))
    except MigrationError as exc:
        print_problems(exc.problems, sys.stderr)
        say(_("ingenting er skrevet"))
        raise typer.Exit(1) from None
