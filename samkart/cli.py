"""The ``samkart`` command (``cli.md``): validate a register and print its counting tables.

Help texts are Norwegian bokmål; set ``SAMKART_LANG=en`` (or an English ``LANG``) for English.
Exit codes: 0 success, 1 an invalid register (each problem a line ``LEVEL TABLE:ROW:COLUMN:
message``), 2 a wrong call.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from samkart.analysis.tables import (
    Table,
    arrangements_table,
    counties_table,
    municipalities_table,
    task_fields_table,
)
from samkart.analysis.yearview import YearView
from samkart.register import Register, load_register, write_register
from samkart.register.problems import Problem, Severity


def _language() -> str:
    for var in ("SAMKART_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "en" if value.lower().startswith("en") else "nb"
    return "nb"


LANG = _language()

_HELP = {
    "app": (
        "samkart: kartlegging og analyse av formalisert interkommunalt samarbeid.",
        "samkart: mapping and analysing formal inter-municipal cooperation.",
    ),
    "validate": (
        "Kontroller et register mot formatet og referansedataene. Hvert problem er én linje: "
        "NIVÅ TABELL:RAD:KOLONNE: melding. Avslutter med 0 uten feil, 1 med feil.",
        "Check a register against the format and the reference data. Each problem is one line: "
        "LEVEL TABLE:ROW:COLUMN: message. Exits 0 without errors, 1 with errors.",
    ),
    "table": ("Tabeller over samarbeidsordninger for et år.", "Tables of arrangements for a year."),
    "municipalities": (
        "Tellende ordninger per kommune fordelt på nivå (tabell 4.2-4.5).",
        "Counted arrangements per municipality by level (tables 4.2-4.5).",
    ),
    "counties": (
        "Tellende ordninger per fylke fordelt på nivå (tabell 4.1).",
        "Counted arrangements per county by level (table 4.1).",
    ),
    "arrangements": (
        "Alle ordninger: tellende etter definisjonen, grunn, nivå og antall deltakere.",
        "Every arrangement: counted by the definition, reason, level and number of participants.",
    ),
    "task-fields": (
        "Andel kommuner som deltar per oppgavefelt, med frekvensbånd (kap. 5.2).",
        "Share of municipalities taking part per task field, with frequency band (ch. 5.2).",
    ),
    "convert": (
        "Skriv registeret i en annen beholder: mappe (CSV), .xlsx eller .json.",
        "Write the register in another container: folder (CSV), .xlsx or .json.",
    ),
    "register": (
        "Registeret: en mappe med CSV-filer, en .xlsx-fil eller en .json-fil.",
        "The register: a folder of CSV files, an .xlsx workbook or a .json file.",
    ),
    "year": ("Året som telles (kartleggingsår).", "The year to count (mapping year)."),
    "county": ("Bare kommuner i fylket NN.", "Only municipalities in county NN."),
    "format": ("Utdata: table (tekst), csv eller json.", "Output: table (text), csv or json."),
    "out": ("Hvor registeret skrives.", "Where to write the register."),
    "demo": (
        "Skriv demoregisteret (syntetiske data kalibrert til NIVI Analyses tabeller 4.1-4.5) som "
        "CSV-filer i DIR.",
        "Write the demo register (synthetic data calibrated to NIVI Analyse's tables 4.1-4.5) as "
        "CSV files to DIR.",
    ),
    "demo-out": ("Mappen demoregisteret skrives til.", "The folder to write the demo register to."),
    "report": (
        "Skriv hele analyserapporten til DIR: DIR/index.html (selvstendig, åpnes uten nett) og "
        "DIR/rapport.pdf (A4).",
        "Write the full analysis report to DIR: DIR/index.html (self-contained, opens offline) and "
        "DIR/rapport.pdf (A4).",
    ),
    "compare": ("Sammenligningsår (kartleggingen før) for vekst og endringer.",
                "Year to compare with (the earlier mapping) for growth and changes."),
    "report-county": ("Bare fylket NN.", "Only county NN."),
    "report-out": ("Mappen rapporten skrives til.", "The folder to write the report to."),
    "report-survey": ("Svar fra en rådmannsundersøkelse (survey-format) til kapittel 7.",
                      "Responses of a chief-executive survey (survey format) for chapter 7."),
    "no-pdf": ("Hopp over PDF-en (raskere).", "Skip the PDF (faster)."),
    "serve": (
        "Start webregisteret på 127.0.0.1. Databasen er SQLite i ./samkart-data, eller "
        "DATABASE_URL. --demo laster demoregisteret og demobrukere inn i en tom database.",
        "Start the web registry on 127.0.0.1. The database is SQLite in ./samkart-data, or "
        "DATABASE_URL. --demo loads the demo register and demo users into an empty database.",
    ),
    "serve-demo": ("Last demoregisteret inn i en tom database.",
                   "Load the demo register into an empty database."),
    "port": ("Porten (standard 8000).", "The port (default 8000)."),
    "survey": ("Rådmannsundersøkelsen: svarfiler, tabeller og sjekk mot registeret.",
               "The chief-executive survey: response files, tables and the register check."),
    "survey-table": (
        "Andel kommuner som svarer ja per oppgavefelt, med frekvensbånd (figur 5.3-5.6); "
        "--by size gir én rad per størrelsesklasse og felt (tabell 5.1).",
        "Share of municipalities answering yes per task field, with band (figures 5.3-5.6); "
        "--by size gives one row per size class and field (table 5.1).",
    ),
    "survey-validate": ("Kontroller en svarfil: hvert problem som svar:RAD:KOLONNE.",
                        "Check a response file: each problem as svar:ROW:COLUMN."),
    "survey-experience": ("Rådmennenes vurderinger per spørsmål (figur 7.1).",
                          "The chief executives' ratings per question (figure 7.1)."),
    "survey-compare": (
        "Sammenlign svarene med registeret: der rådmannen og registeret er uenige om et "
        "oppgavefelt.",
        "Compare the answers with the register: where the chief executive and the register "
        "disagree on a task field.",
    ),
    "responses": ("Svarfilen (.csv eller .xlsx med arket svar).",
                  "The response file (.csv, or .xlsx with the sheet svar)."),
    "survey-year": ("Undersøkelsens år (når filen ikke har kolonnen ar).",
                    "The survey year (when the file has no column ar)."),
    "by": ("Fordel på: size (størrelsesklasse).", "Break down by: size (size class)."),
    "semicolon": (
        "Semikolon som skilletegn i CSV (for norsk Excel).",
        "Semicolon as CSV separator (for Norwegian Excel).",
    ),
}


def _h(key: str) -> str:
    nb, en = _HELP[key]
    return en if LANG == "en" else nb


app = typer.Typer(help=_h("app"), no_args_is_help=True, add_completion=False)
table_app = typer.Typer(help=_h("table"), no_args_is_help=True)
app.add_typer(table_app, name="table")
survey_app = typer.Typer(help=_h("survey"), no_args_is_help=True)
app.add_typer(survey_app, name="survey")


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


RegisterArg = Annotated[Path, typer.Argument(help=_h("register"), show_default=False)]
YearOpt = Annotated[int, typer.Option("--year", "-y", help=_h("year"), min=1000, max=9999)]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help=_h("format"))]


def _print_problems(problems: list[Problem], stream) -> None:
    for p in problems:
        print(p.line(), file=stream)


DEMO_NOTICE = "merk: demoregister med syntetiske data kalibrert til NIVI Analyses publiserte tall"


def _load_or_exit(path: Path) -> Register:
    register, problems = load_register(path)
    if register is None:
        _print_problems(problems, sys.stderr)
        raise typer.Exit(1)
    _say_if_demo(register)
    return register


def _say_if_demo(register: Register) -> None:
    # On standard error, so that csv and json on standard output stay exactly the contract's.
    from samkart.demo import is_demo

    if is_demo(register):
        print(DEMO_NOTICE, file=sys.stderr)


@app.command(help=_h("validate"))
def validate(register: RegisterArg) -> None:
    loaded, problems = load_register(register)
    _print_problems(problems, sys.stdout)
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    if loaded is not None:
        _say_if_demo(loaded)
        print(
            f"ok: {len(loaded.arrangements)} ordninger, {len(loaded.participations)} deltakelser"
            f" ({warnings} advarsler)",
            file=sys.stderr,
        )
    else:
        print(f"{errors} feil, {warnings} advarsler", file=sys.stderr)
    raise typer.Exit(0 if loaded is not None else 1)


def _emit(table: Table, fmt: OutputFormat) -> None:
    if fmt is OutputFormat.csv:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows(["" if v is None else v for v in row] for row in table.rows)
        sys.stdout.write(buffer.getvalue())
    elif fmt is OutputFormat.json:
        sys.stdout.write(json.dumps(table.records(), ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(render_text(table))


def render_text(table: Table) -> str:
    """Aligned text for people: numbers right-aligned, text left-aligned."""
    cells = [[str(c) for c in table.columns]] + [
        ["" if v is None else (f"{v:.1f}" if isinstance(v, float) else str(v)) for v in row]
        for row in table.rows
    ]
    numeric = [
        all(isinstance(row[j], (int, float)) for row in table.rows) and bool(table.rows)
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


def _county(value: str | None) -> str | None:
    if value is None:
        return None
    if not (value.isdigit() and len(value) <= 2):
        raise typer.BadParameter(f"«{value}» er ikke et fylkesnummer (NN)", param_hint="--county")
    return value.zfill(2)


@table_app.command("municipalities", help=_h("municipalities"))
def table_municipalities(
    register: RegisterArg,
    year: YearOpt,
    county: Annotated[str | None, typer.Option("--county", "-c", help=_h("county"))] = None,
    format: FormatOpt = OutputFormat.table,
) -> None:
    nn = _county(county)
    view = YearView(_load_or_exit(register), year)
    _emit(municipalities_table(view, nn), format)


@table_app.command("counties", help=_h("counties"))
def table_counties(
    register: RegisterArg, year: YearOpt, format: FormatOpt = OutputFormat.table
) -> None:
    _emit(counties_table(YearView(_load_or_exit(register), year)), format)


@table_app.command("arrangements", help=_h("arrangements"))
def table_arrangements(
    register: RegisterArg, year: YearOpt, format: FormatOpt = OutputFormat.table
) -> None:
    _emit(arrangements_table(YearView(_load_or_exit(register), year)), format)


@table_app.command("task-fields", help=_h("task-fields"))
def table_task_fields(
    register: RegisterArg, year: YearOpt, format: FormatOpt = OutputFormat.table
) -> None:
    _emit(task_fields_table(YearView(_load_or_exit(register), year)), format)


@app.command(help=_h("convert"))
def convert(
    register: RegisterArg,
    out: Annotated[Path, typer.Argument(help=_h("out"), show_default=False)],
    semicolon: Annotated[bool, typer.Option("--semicolon", help=_h("semicolon"))] = False,
) -> None:
    loaded = _load_or_exit(register)
    if semicolon and out.suffix.lower() not in (".xlsx", ".json"):
        from samkart.register.write import write_csv_folder

        write_csv_folder(loaded, out, delimiter=";")
    else:
        write_register(loaded, out)
    print(f"skrevet: {out}", file=sys.stderr)


@app.command(help=_h("report"))
def report(
    register: RegisterArg,
    year: YearOpt,
    out: Annotated[Path, typer.Option("--out", "-o", help=_h("report-out"))],
    compare: Annotated[int | None, typer.Option("--compare", help=_h("compare"), min=1000,
                                                max=9999)] = None,
    county: Annotated[str | None, typer.Option("--county", "-c", help=_h("report-county"))] = None,
    pdf: Annotated[bool, typer.Option("--pdf/--no-pdf", help=_h("no-pdf"))] = True,
    survey: Annotated[Path | None, typer.Option("--survey", help=_h("report-survey"))] = None,
) -> None:
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from samkart.report.build import ReportBuilder
    from samkart.report.render import write_report
    from samkart.report.workers import Workers

    nn = _county(county)
    if compare is not None and compare == year:
        raise typer.BadParameter("sammenligningsåret må være et annet år", param_hint="--compare")
    # Started first: the processes that draw the charts and lay out the PDF get ready while the
    # register is read (and they fork before the progress display starts its thread).
    with Workers() as workers:
        loaded = _load_or_exit(register)
        if nn is not None and not any(m.fylkesnummer == nn
                                      for m in loaded.municipalities.valid_in(year)):
            raise typer.BadParameter(f"fylke {nn} har ingen kommuner i {year}",
                                     param_hint="--county")
        responses = _responses_or_exit(survey, None) if survey is not None else None
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                      transient=True, console=_stderr_console()) as progress:
            task = progress.add_task("beregner analysene og tegner figurene", total=None)
            document = ReportBuilder(loaded, year, compare, nn, source_name=register.name,
                                     survey=responses, survey_name=survey.name if survey else "",
                                     workers=workers).build()
            try:
                written = write_report(document, out, pdf, workers=workers,
                                       step=lambda text: progress.update(task, description=text))
            except OSError as e:  # a disk that is full or read-only, or no Pango for the PDF
                progress.stop()
                print(f"feil: rapporten kunne ikke skrives: {e}", file=sys.stderr)
                if pdf:
                    print("PDF-en krever Pango (Debian: apt install libpango-1.0-0 "
                          "libpangoft2-1.0-0); med --no-pdf lages bare HTML-en.", file=sys.stderr)
                raise typer.Exit(1) from None
    print(f"skrevet: {', '.join(str(w) for w in written)}", file=sys.stderr)


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


@app.command(help=_h("serve"))
def serve(
    demo: Annotated[bool, typer.Option("--demo", help=_h("serve-demo"))] = False,
    port: Annotated[int, typer.Option("--port", "-p", help=_h("port"), min=1, max=65535)] = 8000,
) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samkart.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    from rich.progress import Progress

    from samkart.web.registry import changes
    from samkart.web.registry import demo as web_demo

    call_command("migrate", interactive=False, verbosity=0)
    if demo:
        if web_demo.database_is_empty():
            from samkart.demo import generate_demo

            register = generate_demo()
            with Progress(console=_stderr_console(), transient=True) as progress:
                task = progress.add_task("laster demoregisteret", total=len(register.arrangements))
                changes.load_into_empty_database(
                    register, "demoregister (samkart serve --demo)",
                    lambda done, total: progress.update(task, completed=done))
            made = web_demo.ensure_demo_users(register)
            print(f"demoregisteret er lastet ({len(register.arrangements)} ordninger, {made} "
                  f"demobrukere med passordet «{web_demo.DEMO_PASSWORD}»)", file=sys.stderr)
        else:
            print("databasen har allerede data; demoregisteret er ikke lastet", file=sys.stderr)
    print(f"samkart kjører på http://127.0.0.1:{port}/ (Ctrl+C avslutter)", file=sys.stderr)
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, insecure_serving=True)


ResponsesArg = Annotated[Path, typer.Argument(help=_h("responses"), show_default=False)]
SurveyYearOpt = Annotated[int | None, typer.Option("--year", "-y", help=_h("survey-year"),
                                                   min=1000, max=9999)]


class By(StrEnum):
    size = "size"


def _responses_or_exit(path: Path, year: int | None):
    from samkart.survey import load_responses

    responses, problems = load_responses(path, year)
    if responses is None:
        _print_problems(problems, sys.stderr)
        raise typer.Exit(1)
    return responses


@survey_app.command("table", help=_h("survey-table"))
def survey_table(
    responses: ResponsesArg,
    by: Annotated[By | None, typer.Option("--by", help=_h("by"))] = None,
    year: SurveyYearOpt = None,
    format: FormatOpt = OutputFormat.table,
) -> None:
    from samkart.survey.analysis import task_field_table

    loaded = _responses_or_exit(responses, year)
    _emit(task_field_table(loaded, by_size=by is By.size), format)


@survey_app.command("experience", help=_h("survey-experience"))
def survey_experience(responses: ResponsesArg, year: SurveyYearOpt = None,
                      format: FormatOpt = OutputFormat.table) -> None:
    from samkart.survey.analysis import experience_table

    _emit(experience_table(_responses_or_exit(responses, year)), format)


@survey_app.command("validate", help=_h("survey-validate"))
def survey_validate(responses: ResponsesArg, year: SurveyYearOpt = None) -> None:
    from samkart.survey import load_responses

    loaded, problems = load_responses(responses, year)
    _print_problems(problems, sys.stdout)
    if loaded is None:
        raise typer.Exit(1)
    print(f"ok: {len(loaded.responses)} svar fra {loaded.year}", file=sys.stderr)


@survey_app.command("compare", help=_h("survey-compare"))
def survey_compare(responses: ResponsesArg, register: RegisterArg, year: SurveyYearOpt = None,
                   format: FormatOpt = OutputFormat.table) -> None:
    from samkart.survey.analysis import agreement, agreement_summary

    loaded = _responses_or_exit(responses, year)
    reg = _load_or_exit(register)
    from samkart.analysis.yearview import YearView

    view = YearView(reg, loaded.year)
    both, compared, agreeing = agreement_summary(loaded, reg, view=view)
    print(f"{both} kommuner i både undersøkelsen og registeret; {agreeing} av {compared} svar "
          "stemmer med registeret", file=sys.stderr)
    _emit(agreement(loaded, reg, view=view), format)


DEMO_README = """\
Demoregister for samkart
========================

Dette er SYNTETISKE DATA, ikke en ekte kartlegging. Registeret er laget av `samkart demo` og
kalibrert til tallene NIVI Analyse publiserte for Nord-Trøndelag 2012, Sør-Trøndelag 2013,
Møre og Romsdal 2013 og Nordland 2014 (tabell 4.1-4.5, veksten i kap. 4.2): antall ordninger per
kommune og fylke fordelt på nivå stemmer med rapporten. Navn, sektorer, tilknytningsformer, år,
oppgavefelt og vertskommuner er oppdiktet.

This is SYNTHETIC data calibrated to NIVI Analyse's published tables; it is not a real mapping.
"""
DEMO_FILES = {"ordninger.csv", "deltakere.csv", "LES_MEG.txt"}


@app.command(help=_h("demo"))
def demo(
    out: Annotated[Path, typer.Option("--out", "-o", help=_h("demo-out"))],
) -> None:
    from samkart.demo import generate_demo
    from samkart.register.write import write_csv_folder

    if out.exists():
        foreign = sorted(p.name for p in out.iterdir()) if out.is_dir() else [out.name]
        foreign = [name for name in foreign if name not in DEMO_FILES]
        if foreign:
            print(f"feil: {out} finnes og inneholder annet enn et demoregister "
                  f"({', '.join(foreign[:5])}); velg en ny eller tom mappe", file=sys.stderr)
            raise typer.Exit(2)
    register = generate_demo()
    write_csv_folder(register, out)
    (out / "LES_MEG.txt").write_text(DEMO_README, "utf-8")
    print(f"skrevet: {out} ({len(register.arrangements)} ordninger, "
          f"{len(register.participations)} deltakelser; syntetiske data kalibrert til NIVI Analyse)",
          file=sys.stderr)


def main() -> None:
    try:
        app()
    except BrokenPipeError:  # `samkart table ... | head` must not print a traceback
        sys.stderr.close()
        raise SystemExit(0) from None


if __name__ == "__main__":
    main()
