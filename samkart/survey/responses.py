"""Survey responses (``docs/spec/survey-format.md``): reading, validating and holding them.

One row per responding municipality: task-field columns (``ja``/``nei``/empty), experience columns
``erfaring_<dimension>`` (1-5, ``vet_ikke`` or empty) and a comment. Reading reports every problem as
``svar:ROW:COLUMN`` and returns responses only when there is no error: nothing half-read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from samkart.i18n import gettext as _
from samkart.i18n import gettext_noop
from samkart.reference import Reference, load_reference
from samkart.register.containers import (
    RawTable,
    flag_control_characters,
    read_csv_table,
    read_xlsx_tables,
)
from samkart.register.limits import NO_LIMITS, ReadLimits
from samkart.register.problems import Problem, Problems

TABLE = "svar"
DONT_KNOW = "vet_ikke"
EXPERIENCE_PREFIX = "erfaring_"
# The experience questions of chapter 7 and figure 7.1 of the seed (defaults of a new survey).
DEFAULT_DIMENSIONS = {
    "faglig_kvalitet": "Faglig kvalitet og kompetanse",
    "tjenester_innbyggere": "Tjenester til innbyggerne",
    "okonomi": "Økonomi og ressursbruk",
    "sarbarhet": "Mindre sårbarhet",
    "styring_kontroll": "Styring og kontroll",
    "demokratisk_forankring": "Demokratisk forankring",
    "rekruttering": "Rekruttering av fagfolk",
    "samordning": "Samordning med andre kommuner og staten",
}
# Labels translated where shown (the answer form), codes 1-5 as the survey format has them.
SCALE = {1: gettext_noop("svært dårlige"), 2: gettext_noop("dårlige"),
         3: gettext_noop("verken gode eller dårlige"), 4: gettext_noop("gode"),
         5: gettext_noop("svært gode")}


@dataclass(slots=True)
class Response:
    """One municipality's answers."""

    row: int
    kommunenummer: str
    year: int
    fields: dict[str, bool] = field(default_factory=dict)  # task-field code -> ja (True) / nei
    experience: dict[str, int | None] = field(default_factory=dict)  # None = vet ikke
    comment: str = ""


@dataclass(slots=True)
class Responses:
    year: int
    responses: list[Response]
    task_fields: dict[str, str]  # code -> name, in catalogue order
    dimensions: list[str]  # erfaring_ dimensions present in the file, in file order
    reference: Reference

    def by_number(self) -> dict[str, Response]:
        return {r.kommunenummer: r for r in self.responses}


def _read(path: Path, problems: Problems, limits: ReadLimits) -> RawTable | None:
    """The response table, read with the register's own readers (and limits)."""
    if not path.exists():
        problems.error(TABLE, 0, "", _("finnes ikke: {path}").format(path=path))
        return None
    if not path.is_file():
        problems.error(TABLE, 0, "", _("{path} er ikke en vanlig fil").format(path=path))
        return None
    if limits.max_bytes is not None and path.stat().st_size > limits.max_bytes:
        problems.error(TABLE, 0, "", _("filen er for stor (høyst {value} MB)")
                                       .format(value=limits.max_bytes // 1024 // 1024))
        return None
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv_table(TABLE, path.read_bytes(), problems, limits)
    if suffix == ".xlsx":
        tables = read_xlsx_tables(path, problems, limits, {TABLE}, table_for_errors=TABLE,
                                  warn_unknown=False)
        if tables is None:
            return None
        if TABLE not in tables:
            if not problems.has_errors:
                problems.error(TABLE, 0, "", _("arbeidsboken har ikke arket «svar»"))
            return None
        return tables[TABLE]
    problems.error(TABLE, 0, "", _("ukjent format {value}: bruk .csv eller .xlsx")
                                   .format(value=suffix or _("(uten filendelse)")))
    return None


def load_responses(path: str | Path, year: int | None = None,
                   reference: Reference | None = None, limits: ReadLimits = NO_LIMITS
                   ) -> tuple[Responses | None, list[Problem]]:
    """Read and validate a response file; the responses only when there is no error."""
    reference = reference or load_reference()
    problems = limits.problems()
    raw = _read(Path(path), problems, limits)
    if raw is None:
        return None, problems.sorted()
    flag_control_characters(raw, problems)
    catalogue = {code: tf.navn for code, tf in reference.task_fields.items()}
    columns = {name: j for j, name in enumerate(raw.header) if name}
    if "kommunenummer" not in columns:
        problems.error(TABLE, 0, "kommunenummer", _("påkrevd kolonne mangler"))
    seen_names: set[str] = set()
    dimensions: list[str] = []
    for name in raw.header:
        if not name:
            continue
        if name in seen_names:
            problems.error(TABLE, 0, name, _("kolonnen finnes to ganger"))
        seen_names.add(name)
        if name.startswith(EXPERIENCE_PREFIX) and len(name) > len(EXPERIENCE_PREFIX):
            dimensions.append(name[len(EXPERIENCE_PREFIX):])
        elif name not in catalogue and name not in ("kommunenummer", "ar", "kommentar"):
            problems.warning(TABLE, 0, name, _("ukjent kolonne; ikke lest"))
    if problems.has_errors:
        return None, problems.sorted()

    responses: list[Response] = []
    first_row: dict[str, int] = {}
    years: set[int] = set()
    for row, cells in raw.rows:
        def cell(name: str, cells: list[str] = cells) -> str:
            return cells[columns[name]] if name in columns else ""

        number = cell("kommunenummer")
        if re.fullmatch(r"\d{3,4}", number):
            number = number.zfill(4)
        else:
            problems.error(TABLE, row, "kommunenummer",
                           _("«{number}» er ikke et kommunenummer").format(number=number)
                           if number else _("kommunenummer mangler"))
            number = ""
        text_year = cell("ar")
        row_year = year
        if text_year:
            if not re.fullmatch(r"\d{4}", text_year):
                problems.error(TABLE, row, "ar", _("«{text_year}» er ikke et årstall")
                                                   .format(text_year=text_year))
            else:
                row_year = int(text_year)
                if year is not None and row_year != year:
                    problems.error(TABLE, row, "ar", _("året {row_year} er ikke undersøkelsens år "
                                                       "{year}").format(row_year=row_year, year=year))
        if row_year is None:
            problems.error(TABLE, row, "ar", _("året mangler (oppgi kolonnen ar eller --year)"))
        elif number:
            years.add(row_year)
            if reference.municipalities.valid(number, row_year) is None:
                known = reference.municipalities.known(number)
                problems.error(TABLE, row, "kommunenummer",
                               _("kommunenummer {number} er ikke gyldig i {year}")
                               .format(number=number, year=row_year) if known
                               else _("ukjent kommunenummer {number}").format(number=number))
        if number:
            if number in first_row:
                problems.error(TABLE, row, "kommunenummer",
                               _("{number} har allerede svart (rad {first_row})")
                                 .format(number=number, first_row=first_row[number]))
            else:
                first_row[number] = row
        response = Response(row, number, row_year or 0, comment=cell("kommentar"))
        for code in catalogue:
            value = cell(code).casefold()
            if value in ("ja", "nei"):
                response.fields[code] = value == "ja"
            elif value:
                problems.error(TABLE, row, code, _("«{code}» er ikke ja, nei eller tom")
                                                   .format(code=cell(code)))
        for dim in dimensions:
            value = cell(EXPERIENCE_PREFIX + dim).casefold().replace(" ", "_")
            if value in ("1", "2", "3", "4", "5"):
                response.experience[dim] = int(value)
            elif value == DONT_KNOW:
                response.experience[dim] = None
            elif value:
                problems.error(TABLE, row, EXPERIENCE_PREFIX + dim,
                               _("«{value}» er ikke 1–5, vet_ikke eller tom")
                                 .format(value=cell(EXPERIENCE_PREFIX + dim)))
        responses.append(response)
    if len(years) > 1:
        problems.error(TABLE, 0, "ar", _("filen har svar fra flere år: {years}")
                                         .format(years=sorted(years)))
    if problems.has_errors:
        return None, problems.sorted()
    survey_year = year if year is not None else (years.pop() if years else 0)
    return Responses(survey_year, responses, catalogue, dimensions, reference), problems.sorted()
