"""``samkart migrate`` and ``samkart reference klass``: carrying a register through municipal
changes, real or hypothetical, and adding the changes the bundled reference does not know yet.

Thin over :mod:`samkart.register.migrate` and :mod:`samkart.register.klass`: the plan, its lines and
its errors are worked out there; here they are printed and, with ``--commit``, written.
"""


import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from samkart.cli.app import RegisterArg, app, load_or_exit, print_problems, say
from samkart.i18n import gettext as _
from samkart.i18n import ngettext

if TYPE_CHECKING:
    from samkart.reference import Change

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
        extra: tuple[Change, ...] = ()
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


@reference_app.command("klass", help=_(
    "Les SSBs KLASS-klassifikasjon 131 (kommuner) som API-et gir den i JSON (CODES: svaret fra "
    "codes eller codesAt; CHANGES: svaret fra changes) og legg kommuneversjonene og endringene "
    "de innebygde referansedataene mangler, i registerets tabeller kommuner og "
    "kommuneendringer. Uten --commit skrives ingenting; det som ville blitt lagt til, skrives "
    "ut."))
def reference_klass(
    codes: Annotated[Path | None, typer.Argument(help=_("KLASS-kodene (JSON)."),
                                                 show_default=False)] = None,
    changes: Annotated[Path | None, typer.Argument(help=_("KLASS-endringene (JSON)."),
                                                   show_default=False)] = None,
    into: Annotated[Path | None, typer.Option("--into", help=_("Registeret som oppdateres."),
                                              show_default=False)] = None,
    commit: Annotated[bool, typer.Option("--commit", help=_("Skriv registeret."))] = False,
    fetch: Annotated[bool, typer.Option("--fetch", help=_(
        "Hent kodene og endringene fra KLASS-API-et i stedet for fra filer."))] = False,
    start: Annotated[str | None, typer.Option("--from", help=_(
        "Med --fetch: fra dato (ÅÅÅÅ-MM-DD)."))] = None,
    stop: Annotated[str | None, typer.Option("--to", help=_(
        "Med --fetch: til dato (ÅÅÅÅ-MM-DD, standard i dag)."))] = None,
    api_url: Annotated[str | None, typer.Option("--api-url", help=_(
        "KLASS-API-ets adresse (standard: SAMKART_KLASS_URL, ellers "
        "https://data.ssb.no/api/klass/v1)."))] = None,
) -> None:
    import datetime as dt
    import os

    from samkart.reference import load_reference
    from samkart.register.load import build_register
    from samkart.register.migrate import MigrationError, csv_delimiter, revalidated
    from samkart.register.write import write_register
    from samkart.sources import klass

    if into is None:
        raise typer.BadParameter(_("--into REGISTER mangler"), param_hint="--into")
    if fetch == (codes is not None or changes is not None) or (not fetch and changes is None):
        raise typer.BadParameter(_("gi enten CODES og CHANGES, eller --fetch"),
                                 param_hint="CODES CHANGES")
    dates = []
    for name, value in (("--from", start), ("--to", stop)):
        try:
            dates.append(dt.date.fromisoformat(value) if value else None)
        except ValueError:
            raise typer.BadParameter(_("«{v}» er ikke en dato (ÅÅÅÅ-MM-DD)").format(v=value),
                                     param_hint=name) from None
    if fetch and dates[0] is None:
        raise typer.BadParameter(_("--fetch krever --from"), param_hint="--from")
    from samkart.register.containers import read_container
    from samkart.register.problems import Problems

    found = Problems()
    raw = read_container(into, found)  # the register may need KLASS's news to be valid
    if raw is None:
        print_problems(found.sorted(), sys.stderr)
        raise typer.Exit(1)
    try:
        if fetch:
            base = api_url or os.environ.get(klass.API_URL_ENV) or klass.DEFAULT_BASE_URL
            first = dates[0]
            assert first is not None  # checked above
            code_data, change_data = klass.fetch(base, first, dates[1] or dt.date.today())
            code_name, change_name = "codes", "changes"
        else:
            assert codes is not None and changes is not None
            code_data, change_data = _read(codes), _read(changes)
            code_name, change_name = codes.name, changes.name
        problems: list = []
        codes_read: list[klass.KlassCode] = []
        changes_read: list[klass.KlassChange] = []
        try:  # both files are read, so that the problems of both are shown at once
            codes_read = klass.read_codes(code_data, code_name)
        except klass.KlassError as exc:
            problems.extend(exc.problems)
        try:
            changes_read = klass.read_changes(change_data, change_name)
        except klass.KlassError as exc:
            problems.extend(exc.problems)
        if problems:
            raise klass.KlassError(problems)
        update, tables = klass.update_raw(raw, codes_read, changes_read, code_name, change_name)
        for line in update.lines:
            print(line)
        checked = Problems()
        register = build_register(tables, checked, load_reference())
        if register is None:
            # Even with what KLASS adds the register has errors: show them, write nothing.
            raise MigrationError([p for p in checked.sorted() if p.severity.value == "error"])
        if update.empty:
            say(_("ingenting nytt: referansedataene og registeret kjenner alt KLASS ga"))
            return
        if not commit:
            say(_("tørrkjøring: ingenting er skrevet (bruk --commit); registeret er gyldig "
                  "med endringene"))
            return
        write_register(revalidated(register), into, csv_delimiter(into))
        say(_("skrevet: {path}").format(path=into))
    except (klass.KlassError, MigrationError) as exc:
        print_problems(exc.problems, sys.stderr)
        say(_("ingenting er skrevet"))
        raise typer.Exit(1) from None


def _read(path: Path) -> bytes:
    from samkart.sources.klass import KlassError

    try:
        return path.read_bytes()
    except OSError as exc:
        from samkart.register.problems import Problems

        problems = Problems()
        problems.error(path.name, 0, "", _("kan ikke leses: {e}").format(e=exc))
        raise KlassError(problems.items) from None
