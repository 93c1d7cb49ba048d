"""``samkart report``: the analysis report as HTML and PDF."""


from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from samkart.cli.app import RegisterArg, YearOpt, app, county_option, load_or_exit, say, stderr_console
from samkart.cli.survey import responses_or_exit
from samkart.i18n import gettext as _


@app.command(help=_("Skriv hele analyserapporten til DIR: DIR/index.html (selvstendig, åpnes uten "
                    "nett) og DIR/rapport.pdf (A4, tagget for universell utforming); med --docx "
                    "også DIR/rapport.docx (Word)."))
def report(
    register: RegisterArg,
    year: YearOpt,
    out: Annotated[Path, typer.Option("--out", "-o", help=_("Mappen rapporten skrives til."))],
    compare: Annotated[int | None, typer.Option(
        "--compare", help=_("Sammenligningsår (kartleggingen før) for vekst og endringer."),
        min=1000, max=9999)] = None,
    county: Annotated[str | None, typer.Option("--county", "-c",
                                               help=_("Bare fylket NN."))] = None,
    pdf: Annotated[bool, typer.Option("--pdf/--no-pdf",
                                      help=_("Hopp over PDF-en (raskere)."))] = True,
    survey: Annotated[Path | None, typer.Option(
        "--survey", help=_("Svar fra en rådmannsundersøkelse (survey-format) til kapittel 7."))
    ] = None,
    reform_original: Annotated[Path | None, typer.Option(
        "--reform-original", help=_("Registeret før en tenkt reform (samkart migrate --reform): "
                                    "et kapittel om hva reformen gjør med samarbeidet."))
    ] = None,
    totals: Annotated[Path | None, typer.Option(
        "--totals", help=_("CSV med kommunenes brutto driftsutgifter og årsverk per år (KOSTRA, "
                           "som for table dependency): samarbeidets andel av kommunenes økonomi "
                           "og årsverk i nettverkskapitlet."))] = None,
    docx: Annotated[bool, typer.Option(
        "--docx", help=_("Skriv også DIR/rapport.docx (Word), til å legge i egen mal."))] = False,
    language: Annotated[str, typer.Option(
        "--language", help=_("Rapportens språk: nb (bokmål), nn (nynorsk) eller en (engelsk)."))
    ] = "nb",
) -> None:
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from samkart import i18n
    from samkart.report.build import build_report
    from samkart.report.profile import ProfileError, find_profile, load_profile
    from samkart.report.workers import Workers
    from samkart.report.write import write_report

    if i18n.normalise(language) != language.strip().lower():
        raise typer.BadParameter(_("velg nb, nn eller en"), param_hint="--language")
    try:
        profile_path = find_profile(register)
        profile = load_profile(profile_path) if profile_path else None
    except ProfileError as e:
        say(_("feil: rapportprofilen: {error}").format(error=e))
        raise typer.Exit(1) from None
    nn = county_option(county)
    if compare is not None and compare == year:
        raise typer.BadParameter(_("sammenligningsåret må være et annet år"),
                                 param_hint="--compare")
    # Started first: the processes that draw the charts and lay out the PDF get ready while the
    # register is read (and they fork before the progress display starts its thread).
    with Workers() as workers:
        # The pool's threads are running: the register cache is written here, not by a fork.
        loaded = load_or_exit(register, behind=False)
        if nn is not None and not any(m.fylkesnummer == nn
                                      for m in loaded.municipalities.valid_in(year)):
            raise typer.BadParameter(_("fylke {county} har ingen kommuner i {year}").format(
                county=nn, year=year), param_hint="--county")
        responses = responses_or_exit(survey, None) if survey is not None else None
        figures = _totals_or_exit(totals, loaded) if totals is not None else None
        chapters = _chapters(reform_original)
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                      transient=True, console=stderr_console()) as progress:
            task = progress.add_task(_("beregner analysene og tegner figurene"), total=None)
            # The report's own language; the command's messages stay in the user's.
            with i18n.using(language.strip().lower()):
                document = replace(build_report(
                    loaded, year, compare, nn, source_name=register.name, survey=responses,
                    survey_name=survey.name if survey else "", workers=workers,
                    chapters=chapters, totals=figures,
                    totals_name=totals.name if totals else ""), profile=profile)
            try:
                with i18n.using(language.strip().lower()):
                    written = write_report(
                        document, out, pdf, workers=workers, docx=docx,
                        step=lambda text: progress.update(task, description=text))
            except OSError as e:  # a disk that is full or read-only, or no Pango for the PDF
                progress.stop()
                say(_("feil: rapporten kunne ikke skrives: {error}").format(error=e))
                if pdf:
                    say(_("PDF-en krever Pango (Debian: apt install libpango-1.0-0 "
                          "libpangoft2-1.0-0); med --no-pdf lages bare HTML-en."))
                raise typer.Exit(1) from None
    say(_("skrevet: {path}").format(path=", ".join(str(w) for w in written)))


def _totals_or_exit(path: Path, loaded):
    """The user's municipal totals, or exit 1 with every problem located (nothing written)."""
    import sys

    from samkart.cli.app import print_problems
    from samkart.register.municipal_totals import load_municipal_totals

    figures, problems = load_municipal_totals(path, loaded.municipalities)
    print_problems(problems, sys.stderr)
    if figures is None:
        raise typer.Exit(1)
    return figures


def _chapters(reform_original: Path | None):
    """The report's chapters; with a reform's original register, its chapter before the
    data-quality chapter."""
    from samkart.report.chapters import CHAPTERS, quality
    from samkart.report.chapters.reform import ReformChapter

    if reform_original is None:
        return CHAPTERS
    chapter = ReformChapter(load_or_exit(reform_original), reform_original.name)
    at = CHAPTERS.index(quality)
    return (*CHAPTERS[:at], chapter, *CHAPTERS[at:])
