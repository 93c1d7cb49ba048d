"""``samkart import brreg``: a register from Enhetsregisteret, or a register kept in step with it.

Thin over :mod:`samkart.sources.brreg`: the call is checked here (exit 2 on a wrong one), the
data read with progress on standard error, unreadable input is one message and exit 1 with
nothing written.
"""


import datetime as dt
import os
from pathlib import Path
from typing import Annotated

import typer

from samkart.cli.app import app, county_option, load_or_exit, say, stderr_console
from samkart.i18n import gettext as _
from samkart.i18n import ngettext

import_app = typer.Typer(help=_("Bygg eller oppdater et register fra offentlige kilder."),
                         no_args_is_help=True)
app.add_typer(import_app, name="import")

API_URL_ENV = "SAMKART_BRREG_URL"


def _municipality_option(value: str | None) -> str | None:
    if value is None:
        return None
    if not (value.isdigit() and len(value) <= 4):
        raise typer.BadParameter(_("«{value}» er ikke et kommunenummer (NNNN)").format(
            value=value), param_hint="--municipality")
    return value.zfill(4)


def _date_option(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(_("«{value}» er ikke en dato (ÅÅÅÅ-MM-DD)").format(value=value),
                                 param_hint="--date") from None


def _usage(message: str, hint: str) -> typer.BadParameter:
    return typer.BadParameter(message, param_hint=hint)


@import_app.command("brreg", help=_(
    "Bygg et register fra Enhetsregisteret (Brønnøysundregistrene): fra massenedlastingene "
    "(--enheter og --roller) eller fra det åpne API-et (--fetch). Med --out DIR skrives et nytt "
    "register (CSV-mappe) og en kandidatfil ved siden av; med --into REGISTER sammenlignes det "
    "med et register etter orgnr (tørrkjøring uten --commit)."))
def brreg(
    enheter: Annotated[Path | None, typer.Option(
        "--enheter", help=_("Enhetene som Brønnøysund publiserer dem (enheter/lastned: JSON-liste "
                            "eller CSV, gzip eller ikke)."))] = None,
    roller: Annotated[Path | None, typer.Option(
        "--roller", help=_("Rollene (roller/totalbestand: JSON-liste, gzip eller ikke)."))] = None,
    fetch: Annotated[bool, typer.Option(
        "--fetch", help=_("Hent fra Enhetsregisterets åpne API i stedet for filer."))] = False,
    county: Annotated[str | None, typer.Option("--county", "-c",
                                               help=_("Bare fylket NN."))] = None,
    municipality: Annotated[str | None, typer.Option(
        "--municipality", help=_("Bare kommunen NNNN."))] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help=_("Skriv et nytt register (CSV-mappe) hit."))] = None,
    into: Annotated[Path | None, typer.Option(
        "--into", help=_("Sammenlign med dette registeret etter orgnr."))] = None,
    commit: Annotated[bool, typer.Option(
        "--commit", help=_("Skriv endringene inn i registeret (med --into)."))] = False,
    candidates: Annotated[Path | None, typer.Option(
        "--candidates", help=_("Kandidatfila (standard: DIR-kandidater.csv ved siden av "
                               "DIR)."))] = None,
    nace: Annotated[Path | None, typer.Option(
        "--nace", help=_("Egen tabell næringskode → sektor (kolonnene nace, sektor, "
                         "delsektor) lagt over den innebygde."))] = None,
    date: Annotated[str | None, typer.Option(
        "--date", help=_("Datoen dataene ble hentet (ÅÅÅÅ-MM-DD; standard: filenes dato, eller "
                         "i dag med --fetch)."))] = None,
    api_url: Annotated[str | None, typer.Option(
        "--api-url", help=_("API-ets adresse (standard: SAMKART_BRREG_URL, ellers "
                            "https://data.brreg.no/enhetsregisteret/api)."))] = None,
) -> None:
    from samkart.sources.brreg import api as brreg_api

    nn = county_option(county)
    knr = _municipality_option(municipality)
    fetched = _date_option(date)
    if fetch and (enheter or roller):
        raise _usage(_("bruk enten --fetch eller --enheter og --roller"), "--fetch")
    if not fetch and not (enheter and roller):
        raise _usage(_("oppgi både --enheter og --roller, eller --fetch"), "--enheter/--roller")
    if nn and knr:
        raise _usage(_("bruk enten --county eller --municipality"), "--county")
    if (out is None) == (into is None):
        raise _usage(_("oppgi enten --out DIR eller --into REGISTER"), "--out/--into")
    if commit and into is None:
        raise _usage(_("--commit gjelder bare med --into"), "--commit")
    if out is not None and out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise _usage(_("{path} finnes og er ikke en tom mappe; velg en ny mappe, eller bruk "
                       "--into for å sammenligne med et register").format(path=out), "--out")
    base_url = api_url or os.environ.get(API_URL_ENV) or brreg_api.DEFAULT_BASE_URL
    _run(enheter, roller, fetch, nn, knr, out, into, commit, candidates, nace, fetched, base_url)


def _run(enheter, roller, fetch, nn, knr, out, into, commit, candidates, nace, fetched,
         base_url) -> None:
    from samkart.reference import load_reference
    from samkart.sources.brreg import SourceError, compare, nace_table
    from samkart.sources.brreg.models import Scope

    scope = Scope(county=nn, municipality=knr)
    register = load_or_exit(into) if into is not None else None
    reference = load_reference()
    try:
        table = nace_table(nace)
        data = _read(enheter, roller, fetch, scope, fetched, base_url, register)
        from samkart.sources.brreg.rules import map_units

        result = map_units(data, scope, table, reference if register is None
                           else _reference_of(register, reference))
        if out is not None:
            _write_new(result, out, candidates, reference)
        elif register is not None:
            comparison = compare.compare(register, result, data)
            _show(comparison, result)
            if commit:
                _commit(register, comparison, into, reference)
    except SourceError as e:
        say(_("feil: {message}").format(message=e))
        say(_("ingenting er skrevet"))
        raise typer.Exit(1) from None


def _reference_of(register, reference):
    # The register's own municipalities (its ``kommuner`` table) count for the numbers too.
    import dataclasses

    return dataclasses.replace(reference, municipalities=register.municipalities)


def _read(enheter, roller, fetch, scope, fetched, base_url, register):
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from samkart.sources.brreg import api as brreg_api
    from samkart.sources.brreg import bulk, compare

    known = compare.orgnrs_to_check(register, scope) if register is not None else set()
    console = stderr_console()
    if fetch:
        with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn(
                "{task.completed}/{task.total}"), TimeElapsedColumn(), console=console,
                transient=True) as progress:
            task = progress.add_task(_("henter fra Enhetsregisteret"), total=None)

            def tell(what: str, done: int, total: int) -> None:
                progress.update(task, description=_("henter {what}").format(what=what),
                                completed=done, total=total)

            with brreg_api.ApiClient(base_url) as client:
                data = brreg_api.fetch(client, scope, fetched or dt.date.today(), known, tell)
            say(ngettext("{n} kall til {url}", "{n} kall til {url}", client.requests).format(
                n=client.requests, url=base_url))
            return data
    if fetched is None:
        fetched = dt.date.fromtimestamp(max(enheter.stat().st_mtime, roller.stat().st_mtime)) \
            if enheter.exists() and roller.exists() else dt.date.today()
    with Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                  TextColumn("{task.fields[items]}"), TimeElapsedColumn(), console=console,
                  transient=True) as progress:
        tasks: dict[str, object] = {}

        def tell_file(which: str, done: int, total: int, items: int) -> None:
            if which not in tasks:
                tasks[which] = progress.add_task(_("leser {file}").format(file=Path(which).name),
                                                 total=total, items="")
            progress.update(tasks[which], completed=done, total=total,
                            items=_("{n} elementer").format(n=items))

        data = bulk.from_files(enheter, roller, fetched, known, tell_file)
    say(_("lest: {units} enheter, {roles} roller").format(
        units=sum(data.forms.values()), roles=data.roles_total))
    return data


def _write_new(result, out: Path, candidates: Path | None, reference) -> None:
    from samkart.sources.brreg import output

    register = output.register_of(result, reference)
    target = candidates or output.default_candidates_path(out)
    text = output.candidates_text(result, reference, output_source(result))
    output.write_new(register, out, target, text)  # both or neither; SourceError naming the path
    for line in output.summary_lines(result):
        print(line)
    say(_("skrevet: {path} ({n} ordninger, {p} deltakelser) og {candidates} ({c} "
          "kandidater)").format(path=out, n=len(register.arrangements),
                                p=len(register.participations), candidates=target,
                                c=len(result.candidates)))


def output_source(result) -> str:
    from samkart.sources.brreg.rules import source_text

    return source_text(result.fetched)


def _show(comparison, result) -> None:
    from samkart.sources.brreg import output

    for d in comparison.differences:
        print(d.line())
    for line in output.summary_lines(result):
        say(line)
    changes = len(comparison.changes)
    say(ngettext("{n} endring", "{n} endringer", changes).format(n=changes) + ", "
        + _("{u} uendret, {unknown} ukjente orgnr, {c} kandidater ikke i registeret").format(
            u=comparison.unchanged, unknown=len(comparison.differences) - changes,
            c=comparison.candidates_outside))


def _commit(register, comparison, into: Path, reference) -> None:
    from samkart.register.write import write_register
    from samkart.sources.brreg import SourceError, compare, output

    if not comparison.changes:
        say(_("ingen endringer å skrive"))
        return
    updated = output.validated(compare.apply(register, comparison), reference)
    try:
        write_register(updated, into)
    except OSError as e:
        raise SourceError(_("kan ikke skrive registeret {path}: {reason}").format(
            path=into, reason=e.strerror or e)) from None
    say(_("skrevet: {path} ({n} endringer)").format(path=into, n=len(comparison.changes)))
