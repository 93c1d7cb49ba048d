"""The figures NIVI Analyse published in the seed report.

The data-quality chapter of the report reconciles any register with them (tables 4.2-4.5 for the
municipalities and years they cover), and the demo register is calibrated to them.

The CSV files in ``data/nivi/`` are copies of ``shared/data/seed-tables`` (transcribed from NIVI
Analyse's report on formal inter-municipal cooperation in four counties 2008-2014 and the 2016
survey of chief executives; see ``data/nivi/README.md``). Figures the report only states in its
text are constants here, each with where it is stated.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from samkart.domain.codes import LEVEL_ORDER, Level


@dataclass(frozen=True, slots=True)
class MunicipalityRow:
    """One row of tables 4.2-4.5: a municipality's counts by level in its county's mapping year."""

    fylkesnummer: str
    year: int
    kommune: str
    counts: dict[Level, int]
    printed_sum: int

    @property
    def parts_sum(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class CountyRow:
    """One column of table 4.1: distinct arrangements touching the county, by level."""

    fylkesnummer: str
    fylke: str
    year: int
    counts: dict[Level, int]
    printed_sum: int


@dataclass(frozen=True, slots=True)
class Growth:
    """Chapter 4.2: arrangements touching the county in two mapping rounds."""

    fylkesnummer: str
    fylke: str
    from_year: int
    from_count: int
    to_year: int
    to_count: int


# Arrangements new between the two rounds (not active in the first), stated in chapter 5.4 and the
# appendices. Nord-Trøndelag's number is not stated; the demo uses 80 (see generator.py).
NEW_BETWEEN_ROUNDS = {"16": 78, "15": 68, "18": 62}
# Nordland's new arrangements are those of 2010-2013 (chapter 5.4); the round itself was in 2014.
NEW_UNTIL = {"18": 2013}
# The rounds of Møre og Romsdal are 2009 and 2013 (chapter 5.4: "for samme periode").
MR_ROUNDS = (2009, 2013)
# Nordland's 62 new arrangements 2010-2013 by sector (chapter 5.4), in the register's sector codes;
# "viltforvaltning/friluftsliv" is plan_miljo_landbruk and "veiutbygging" teknisk.
NORDLAND_NEW_BY_SECTOR = {
    "administrasjon": 13, "helse": 15, "sosial": 8, "naering": 10, "brann_beredskap": 6,
    "plan_miljo_landbruk": 4 + 3, "oppvekst": 2, "teknisk": 1,
}
# Arrangements crossing a county border (appendix on Sør-Trøndelag).
CROSSING = {("16", "17"): 76, ("15", "16"): 12}
# Share of municipalities taking part in child welfare cooperation (appendices), percent.
CHILD_WELFARE_SHARE = {"18": 60, "15": 56, "16": 84}


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("samkart.reference").joinpath("data", "nivi", name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def _levels(row: dict[str, str]) -> dict[Level, int]:
    return {level: int(row[level.code]) for level in LEVEL_ORDER}


@cache
def municipality_rows() -> tuple[MunicipalityRow, ...]:
    return tuple(
        MunicipalityRow(r["fylkesnummer"], int(r["kartleggingsar"]), r["kommune"], _levels(r),
                        int(r["sum_oppgitt"]))
        for r in _rows("ordninger_per_kommune.csv")
    )


@cache
def county_rows() -> tuple[CountyRow, ...]:
    return tuple(
        CountyRow(r["fylkesnummer"], r["fylke"], int(r["kartleggingsar"]), _levels(r), int(r["sum"]))
        for r in _rows("ordninger_per_fylke.csv")
    )


@cache
def growth_rows() -> tuple[Growth, ...]:
    return tuple(
        Growth(r["fylkesnummer"], r["fylke"], int(r["fra_ar"]), int(r["antall_fra"]),
               int(r["til_ar"]), int(r["antall_til"]))
        for r in _rows("vekst.csv")
    )


@cache
def task_field_shares() -> dict[str, float | None]:
    """Task-field code -> the share the report states (percent), or None when only its band is."""
    return {
        r["kode"]: float(r["andel_oppgitt_prosent"]) if r["andel_oppgitt_prosent"] else None
        for r in _rows("oppgavefelt_2016.csv")
    }
