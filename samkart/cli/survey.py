"""``samkart survey ...``: response files of the chief-executive survey."""


import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from samkart.cli.app import (
    FormatOpt,
    OutputFormat,
    RegisterArg,
    contract_data,
    emit,
    load_or_exit,
    print_problems,
    say,
    survey_app,
)
from samkart.i18n import gettext as _

ResponsesArg = Annotated[Path, typer.Argument(
    help=_("Svarfilen (.csv eller .xlsx med arket svar)."), show_default=False)]
SurveyYearOpt = Annotated[int | None, typer.Option(
    "--year", "-y", help=_("Undersøkelsens år (når filen ikke har kolonnen ar)."),
    min=1000, max=9999)]


class By(StrEnum):
    size = "size"


def responses_or_exit(path: Path, year: int | None):
    from samkart.survey import load_responses

    responses, problems = load_responses(path, year)
    if responses is None:
        print_problems(problems, sys.stderr)
        raise typer.Exit(1)
    return responses


@survey_app.command("table", help=_(
    "Andel kommuner som svarer ja per oppgavefelt, med frekvensbånd (figur 5.3-5.6); --by size "
    "gir én rad per størrelsesklasse og felt (tabell 5.1)."))
def survey_table(
    responses: ResponsesArg,
    by: Annotated[By | None, typer.Option(
        "--by", help=_("Fordel på: size (størrelsesklasse)."))] = None,
    year: SurveyYearOpt = None,
    format: FormatOpt = OutputFormat.table,
) -> None:
    from samkart.survey.analysis import task_field_table

    loaded = responses_or_exit(responses, year)
    with contract_data():
        emit(task_field_table(loaded, by_size=by is By.size), format)


@survey_app.command("experience", help=_("Rådmennenes vurderinger per spørsmål (figur 7.1)."))
def survey_experience(responses: ResponsesArg, year: SurveyYearOpt = None,
                      format: FormatOpt = OutputFormat.table) -> None:
    from samkart.survey.analysis import experience_table

    with contract_data():
        emit(experience_table(responses_or_exit(responses, year)), format)


@survey_app.command("validate", help=_("Kontroller en svarfil: hvert problem som svar:RAD:KOLONNE."))
def survey_validate(responses: ResponsesArg, year: SurveyYearOpt = None) -> None:
    from samkart.survey import load_responses

    loaded, problems = load_responses(responses, year)
    print_problems(problems, sys.stdout)
    if loaded is None:
        raise typer.Exit(1)
    say(_("ok: {n} svar fra {year}").format(n=len(loaded.responses), year=loaded.year))


@survey_app.command("compare", help=_(
    "Sammenlign svarene med registeret: der rådmannen og registeret er uenige om et "
    "oppgavefelt."))
def survey_compare(responses: ResponsesArg, register: RegisterArg, year: SurveyYearOpt = None,
                   format: FormatOpt = OutputFormat.table) -> None:
    from samkart.analysis.yearview import YearView
    from samkart.survey.analysis import agreement, agreement_summary

    loaded = responses_or_exit(responses, year)
    reg = load_or_exit(register)
    view = YearView(reg, loaded.year)
    both, compared, agreeing = agreement_summary(loaded, reg, view=view)
    say(_("{both} kommuner i både undersøkelsen og registeret; {agreeing} av {compared} svar "
          "stemmer med registeret").format(both=both, agreeing=agreeing, compared=compared))
    with contract_data():
        emit(agreement(loaded, reg, view=view), format)
