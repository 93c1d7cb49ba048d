"""``samkart table ...``: the counting tables of ``docs/spec/cli.md``.

The analyses are imported inside the commands: a command answered from its kept answer
(``cli/outputs.py``) needs none of them, and importing them is a third of its time. The four
tables of a year are computed together and kept (``outputs.year_table``)."""


from pathlib import Path
from typing import Annotated

import typer

from samkart.cli.app import (
    FormatOpt,
    OutputFormat,
    RegisterArg,
    YearOpt,
    contract_data,
    county_option,
    emit,
    load_or_exit,
    say,
    table_app,
)
from samkart.cli.outputs import year_table
from samkart.i18n import gettext as _


@table_app.command("municipalities",
                   help=_("Tellende ordninger per kommune fordelt på nivå (tabell 4.2-4.5)."))
def table_municipalities(
    register: RegisterArg,
    year: YearOpt,
    county: Annotated[str | None, typer.Option(
        "--county", "-c", help=_("Bare kommuner i fylket NN."))] = None,
    format: FormatOpt = OutputFormat.table,
) -> None:
    table = year_table(register, year, "municipalities", county_option(county))
    with contract_data():
        emit(table, format)


@table_app.command("counties", help=_("Tellende ordninger per fylke fordelt på nivå (tabell 4.1)."))
def table_counties(
    register: RegisterArg,
    year: Annotated[int | None, typer.Option(
        "--year", "-y", help=_("Året som telles (kartleggingsår); med --rounds: siste runde til "
                               "og med året."), min=1000, max=9999)] = None,
    rounds: Annotated[bool, typer.Option(
        "--rounds", help=_("Hvert fylke i sin egen kartleggingsrunde (tabellen kartlegginger)."))
    ] = False,
    format: FormatOpt = OutputFormat.table,
) -> None:
    if not rounds and year is None:
        raise typer.BadParameter(_("--year mangler (eller bruk --rounds)"), param_hint="--year")
    if not rounds:
        assert year is not None
        table = year_table(register, year, "counties")
        with contract_data():
            emit(table, format)
        return
    from samkart.analysis.rounds import counties_at_rounds  # only here: imports take time

    loaded = load_or_exit(register)
    if not loaded.rounds:
        say(_("feil: registeret har ingen tabell kartlegginger (kartleggingsrunder)"))
        raise typer.Exit(1)
    with contract_data():
        emit(counties_at_rounds(loaded, year), format)


@table_app.command("arrangements", help=_("Alle ordninger: tellende etter definisjonen, grunn, nivå "
                                          "og antall deltakere."))
def table_arrangements(
    register: RegisterArg, year: YearOpt, format: FormatOpt = OutputFormat.table
) -> None:
    table = year_table(register, year, "arrangements")
    with contract_data():
        emit(table, format)


@table_app.command("task-fields", help=_("Andel kommuner som deltar per oppgavefelt, med "
                                         "frekvensbånd (kap. 5.2)."))
def table_task_fields(
    register: RegisterArg, year: YearOpt, format: FormatOpt = OutputFormat.table
) -> None:
    table = year_table(register, year, "task-fields")
    with contract_data():
        emit(table, format)


@table_app.command("reform", help=_(
    "Hva en kommunereform gjør med samarbeidet: ORIGINAL året før reformen mot MIGRATED "
    "(samkart migrate --reform) i reformåret. Tellende ordninger per kommune før og etter, eller "
    "med --internal ordningene som blir interne, etter sektor og tilknytningsform."))
def table_reform(
    original: RegisterArg,
    migrated: Annotated[Path, typer.Argument(help=_("Registeret etter reformen."),
                                             show_default=False)],
    year: Annotated[int, typer.Option("--year", "-y", help=_("Reformåret (1. januar)."),
                                      min=1000, max=9999)],
    internal: Annotated[bool, typer.Option("--internal", help=_(
        "Ordningene som blir interne, etter sektor og tilknytningsform."))] = False,
    format: FormatOpt = OutputFormat.table,
) -> None:
    from samkart.analysis.reform import internal_table, reform_municipalities_table

    before, after = load_or_exit(original), load_or_exit(migrated)
    with contract_data():
        emit(internal_table(before, after, year) if internal
             else reform_municipalities_table(before, after, year), format)
