"""Municipal totals: each municipality's expenditure and full-time equivalents in a year.

A small CSV the user supplies beside the register (comma or semicolon, UTF-8 with or without BOM),
so that the dependency profile can say what share of a municipality's economy and staff its
cooperation is (NIVI: "sjelden mer enn 4–5 prosent av kommunenes økonomi og sysselsetting"). One
row per municipality and year:

=================================  ========  ====================================================
column                             required  meaning
=================================  ========  ====================================================
``kommunenummer``                  yes       4 digits (a number that lost its leading zero is
                                             padded)
``ar``                             yes       the year of the figures
``brutto_driftsutgifter_nok``      one of    gross operating expenditure in NOK
``brutto_driftsutgifter_1000_nok``  these     the same in 1000 NOK, as KOSTRA publishes it
``arsverk``                        no        agreed full-time equivalents (avtalte årsverk)
=================================  ========  ====================================================

Where the figures come from (SSB, KOSTRA; see the README): gross operating expenditure is
"Brutto driftsutgifter i alt" of table 04681 (*Finansielle nøkkeltall og adm., styring og
fellesutgifter – grunnlagsdata (K)*, 1999–2016, in 1000 NOK) and of the KOSTRA municipal accounts
tables that continue it; full-time equivalents are "Avtalte årsverk" of table 11918 (*Avtalte
årsverk i kommunal sektor, etter regnskapsomfang og funksjon (K)*, 2015–2019, function "Alle
funksjoner").

Every problem is reported as ``kommunetall:ROW:COLUMN`` and nothing is returned when there is an
error: no half-read figures.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from samkart.i18n import gettext as _
from samkart.reference import MunicipalityIndex
from samkart.register.containers import flag_control_characters, read_csv_table
from samkart.register.fields import Cells
from samkart.register.limits import NO_LIMITS, ReadLimits
from samkart.register.problems import Problem

TABLE = "kommunetall"
EXPENDITURE = "brutto_driftsutgifter_nok"
EXPENDITURE_THOUSANDS = "brutto_driftsutgifter_1000_nok"
STAFF = "arsverk"
COLUMNS = ("kommunenummer", "ar", EXPENDITURE, EXPENDITURE_THOUSANDS, STAFF)


class MunicipalTotal(NamedTuple):
    """One municipality's figures for one year (None: not given)."""

    kommunenummer: str
    ar: int
    brutto_driftsutgifter_nok: float | None
    arsverk: float | None


MunicipalTotals = dict[tuple[str, int], MunicipalTotal]
"""(kommunenummer, year) -> its figures."""


def load_municipal_totals(path: str | Path, municipalities: MunicipalityIndex | None = None,
                          limits: ReadLimits = NO_LIMITS
                          ) -> tuple[MunicipalTotals | None, list[Problem]]:
    """Read the totals file; the figures only when it has no error. With ``municipalities``, a
    number that is not a municipality valid in the row's year is an error."""
    problems = limits.problems()
    path = Path(path)
    if not path.is_file():
        problems.error(TABLE, 0, "", _("finnes ikke eller er ikke en fil: {path}").format(path=path))
        return None, problems.sorted()
    if path.suffix.lower() != ".csv":
        problems.error(TABLE, 0, "", _("kommunetallene må være en CSV-fil (.csv)"))
        return None, problems.sorted()
    raw = read_csv_table(TABLE, path.read_bytes(), problems, limits)
    if raw is None:
        return None, problems.sorted()
    flag_control_characters(raw, problems)
    index = {name: j for j, name in enumerate(raw.header) if name}
    for name in raw.header:
        if name and name not in COLUMNS:
            problems.warning(TABLE, 0, name, _("ukjent kolonne, lest ikke"))
    for required in ("kommunenummer", "ar"):
        if required not in index:
            problems.error(TABLE, 0, required, _("påkrevd kolonne mangler"))
    if EXPENDITURE in index and EXPENDITURE_THOUSANDS in index:
        problems.error(TABLE, 0, EXPENDITURE_THOUSANDS,
                       _("gi driftsutgiftene i én kolonne, ikke både i kroner og i 1000 kroner"))
    if not ({EXPENDITURE, EXPENDITURE_THOUSANDS, STAFF} & set(index)):
        problems.error(TABLE, 0, "", _("filen har verken driftsutgifter eller årsverk"))
    if problems.has_errors:
        return None, problems.sorted()
    cells = Cells(TABLE, problems)
    out: MunicipalTotals = {}
    seen: dict[tuple[str, int], int] = {}

    def cell(row: list[str], name: str) -> str:
        j = index.get(name)
        return row[j] if j is not None and j < len(row) else ""

    for i, row in raw.rows:
        number = cells.kommunenummer(cell(row, "kommunenummer"), i, "kommunenummer")
        if number is None and not cell(row, "kommunenummer"):
            cells.error(i, "kommunenummer", _("kommunenummer mangler"))
        year = cells.year(cell(row, "ar"), i, "ar")
        if year is None and not cell(row, "ar"):
            cells.error(i, "ar", _("år mangler"))
        expenditure = cells.number(cell(row, EXPENDITURE), i, EXPENDITURE)
        thousands = cells.number(cell(row, EXPENDITURE_THOUSANDS), i, EXPENDITURE_THOUSANDS)
        if thousands is not None:
            expenditure = thousands * 1000
        staff = cells.number(cell(row, STAFF), i, STAFF)
        if number is None or year is None:
            continue
        if (municipalities is not None and municipalities.valid(number, year) is None):
            cells.error(i, "kommunenummer",
                        _("{number} er ikke en kommune i {year}").format(number=number, year=year))
            continue
        key = (number, year)
        if key in seen:
            cells.error(i, "kommunenummer", _("{number} har tall for {year} også i rad {row}")
                        .format(number=number, year=year, row=seen[key]))
            continue
        seen[key] = i
        out[key] = MunicipalTotal(number, year, expenditure, staff)
    if problems.has_errors:
        return None, problems.sorted()
    return out, problems.sorted()
