"""Analyses of survey responses: shares per task field with the four bands (figures 5.3-5.6), by
size class (table 5.1) and county, experience ratings (figure 7.1), and the check of the answers
against the register."""

from __future__ import annotations

from collections import Counter, defaultdict
from fractions import Fraction
from typing import Literal, NamedTuple, overload

from samkart.analysis.tables import Table, YesNo, norwegian_key, percent
from samkart.analysis.yearview import YearView
from samkart.domain.codes import Band
from samkart.domain.sizes import SIZE_CLASSES, UNKNOWN, size_class
from samkart.register.model import Register
from samkart.survey.responses import DEFAULT_DIMENSIONS, Response, Responses


class ShareRow(NamedTuple):
    """``survey table``: the answers about one task field."""

    kode: str
    navn: str
    svar: int  # answered ja or nei
    ja: int
    andel_prosent: float | None  # None when nobody answered
    band: str  # a Band's code; empty when nobody answered


class SizeShareRow(NamedTuple):
    """``survey table --by size``: the answers about one task field in one size class."""

    storrelse: str  # the size class's code
    kode: str
    navn: str
    svar: int
    ja: int
    andel_prosent: float | None
    band: str
    # Extends the contract's columns: the year(s) of the population figures (1 January) that put
    # the respondents in the class, ";"-separated; empty for the unknown class.
    innbyggere_ar: str = ""


def _share_row(code: str, name: str, answers: list[bool]) -> ShareRow:
    svar = len(answers)
    ja = sum(answers)
    if svar == 0:
        return ShareRow(code, name, 0, 0, None, "")
    return ShareRow(code, name, svar, ja, percent(ja, svar),
                    Band.of(Fraction(100 * ja, svar)).code)


@overload
def task_field_table(responses: Responses, by_size: Literal[False] = False
                     ) -> Table[ShareRow]: ...
@overload
def task_field_table(responses: Responses, by_size: Literal[True]) -> Table[SizeShareRow]: ...
@overload
def task_field_table(responses: Responses, by_size: bool
                     ) -> Table[ShareRow] | Table[SizeShareRow]: ...
def task_field_table(responses: Responses, by_size: bool = False
                     ) -> Table[ShareRow] | Table[SizeShareRow]:
    """``survey table``: per task field ``svar`` (answered ja or nei), ``ja``, ``andel_prosent`` =
    100·ja/svar and its band; with ``by_size`` one row per size class and field."""
    if not by_size:
        return Table.of(ShareRow, [
            _share_row(code, name, [r.fields[code] for r in responses.responses
                                    if code in r.fields])
            for code, name in responses.task_fields.items()])
    groups, years = _size_groups(responses)
    rows = []
    for c in (*SIZE_CLASSES, UNKNOWN):
        members = groups.get(c.code)
        if not members:
            continue
        figure_years = ";".join(str(y) for y in sorted(years[c.code]))
        for code, name in responses.task_fields.items():
            answers = [r.fields[code] for r in members if code in r.fields]
            rows.append(SizeShareRow(c.code, *_share_row(code, name, answers), figure_years))
    return Table.of(SizeShareRow, rows)


def _size_groups(responses: Responses) -> tuple[dict[str, list[Response]], dict[str, set[int]]]:
    """Respondents by size class, with the population of the survey's year (or the nearest earlier
    year known), and the years of the figures used in each class."""
    groups: dict[str, list[Response]] = defaultdict(list)
    years: dict[str, set[int]] = defaultdict(set)
    index = responses.reference.municipalities
    population = responses.reference.population
    for r in responses.responses:
        m = index.valid(r.kommunenummer, responses.year)
        m = population.counted(m, responses.year) if m else None
        code = size_class(m.innbyggere if m else None).code
        groups[code].append(r)
        if m is not None and m.innbyggere is not None and m.innbyggere_ar is not None:
            years[code].add(m.innbyggere_ar)
    return groups, years


class CountyShareRow(NamedTuple):
    """The share answering ja about one task field in each county (``counties``, columns
    ``prosent_<county>``; None where nobody in the county answered)."""

    kode: str
    navn: str
    counties: tuple[float | None, ...]


def by_county(responses: Responses) -> Table[CountyShareRow]:
    """Share answering ja per task field in each county (respondents' counties in survey year)."""
    index = responses.reference.municipalities
    county_of = {r.kommunenummer: m.fylkesnummer for r in responses.responses
                 if (m := index.valid(r.kommunenummer, responses.year)) is not None}
    counties = sorted(set(county_of.values()))
    rows = []
    for code, name in responses.task_fields.items():
        shares: list[float | None] = []
        for c in counties:
            answers = [r.fields[code] for r in responses.responses
                       if code in r.fields and county_of.get(r.kommunenummer) == c]
            shares.append(percent(sum(answers), len(answers)) if answers else None)
        rows.append(CountyShareRow(code, name, tuple(shares)))
    return Table(("kode", "navn", *(f"prosent_{c}" for c in counties)), rows)


class ResponseRateRow(NamedTuple):
    """One county's responding municipalities against all its municipalities."""

    fylkesnummer: str
    svar: int
    kommuner: int
    svarprosent: float


def response_rate(responses: Responses, counties: list[str] | None = None
                  ) -> Table[ResponseRateRow]:
    """Responding municipalities against all municipalities of the survey year, per county."""
    index = responses.reference.municipalities
    answered = {r.kommunenummer for r in responses.responses}
    total: Counter[str] = Counter()
    got: Counter[str] = Counter()
    for m in index.valid_in(responses.year):
        if counties and m.fylkesnummer not in counties:
            continue
        total[m.fylkesnummer] += 1
        got[m.fylkesnummer] += m.kommunenummer in answered
    rows = [ResponseRateRow(c, got[c], total[c], percent(got[c], total[c])) for c in sorted(total)]
    return Table.of(ResponseRateRow, rows)


class ExperienceRow(NamedTuple):
    """Figure 7.1: the answers to one experience question."""

    dimensjon: str
    navn: str
    n: int
    svaert_darlige: int
    darlige: int
    noytrale: int
    gode: int
    svaert_gode: int
    vet_ikke: int
    gode_prosent: float  # of those who rated (1-5)
    darlige_prosent: float

    @property
    def ratings(self) -> tuple[int, int, int, int, int]:
        """The answers 1 (very poor) to 5 (very good)."""
        return (self.svaert_darlige, self.darlige, self.noytrale, self.gode, self.svaert_gode)


def experience_table(responses: Responses) -> Table[ExperienceRow]:
    """Figure 7.1: per experience question the answers 1-5 and 'vet ikke', N, and the shares of
    good (4-5) and poor (1-2) among those who rated."""
    rows = []
    for dim in responses.dimensions:
        values = [r.experience[dim] for r in responses.responses if dim in r.experience]
        counts = Counter(values)
        rated = sum(counts[k] for k in range(1, 6))
        good = counts[4] + counts[5]
        poor = counts[1] + counts[2]
        rows.append(ExperienceRow(
            dim, DEFAULT_DIMENSIONS.get(dim, dim.replace("_", " ").capitalize()), len(values),
            svaert_darlige=counts[1], darlige=counts[2], noytrale=counts[3], gode=counts[4],
            svaert_gode=counts[5], vet_ikke=counts[None], gode_prosent=percent(good, rated),
            darlige_prosent=percent(poor, rated)))
    return Table.of(ExperienceRow, rows)


def _view(responses: Responses, register: Register, year: int | None,
          view: YearView | None) -> YearView:
    if view is not None:
        return view
    return YearView(register, year if year is not None else responses.year)


class AgreementRow(NamedTuple):
    """A task field on which a chief executive and the register disagree."""

    kommunenummer: str
    kommune: str
    kode: str
    navn: str
    svar: YesNo  # what the chief executive said
    register: YesNo  # whether the register holds such an arrangement
    ordninger: str  # the register's arrangements with the field, ", "-separated


def agreement(responses: Responses, register: Register, year: int | None = None,
              view: YearView | None = None) -> Table[AgreementRow]:
    """For municipalities in both the survey and the register: per task field answered, what the
    chief executive said against what the register holds (a counted arrangement active in the
    year carrying the field's code), disagreements only, for an analyst to follow up. A caller
    that has the year's view already passes it."""
    view = _view(responses, register, year, view)
    holds: dict[tuple[str, str], list[str]] = defaultdict(list)
    in_register = set()
    for s in view.counted():
        for k in s.participants:
            in_register.add(k)
            for code in s.arrangement.oppgavefelt:
                holds[(k, code)].append(s.arrangement.id)
    rows = []
    for r in responses.responses:
        if r.kommunenummer not in in_register:
            continue
        name = view.municipalities[r.kommunenummer].navn
        for code, said in r.fields.items():
            ids = holds.get((r.kommunenummer, code), [])
            if said != bool(ids):
                rows.append(AgreementRow(r.kommunenummer, name, code, responses.task_fields[code],
                                         YesNo.of(said), YesNo.of(bool(ids)),
                                         ", ".join(sorted(ids))))
    rows.sort(key=lambda x: (norwegian_key(x.kommune), x.kode))
    return Table.of(AgreementRow, rows)


class AgreementSummary(NamedTuple):
    both: int  # municipalities in both the survey and the register
    compared: int  # answers about task fields compared
    agreeing: int  # of which agree with the register


def agreement_summary(responses: Responses, register: Register, year: int | None = None,
                      view: YearView | None = None) -> AgreementSummary:
    """How many municipalities and answers could be compared, and how many agree."""
    view = _view(responses, register, year, view)
    in_register = {k for s in view.counted() for k in s.participants}
    both = [r for r in responses.responses if r.kommunenummer in in_register]
    compared = sum(len(r.fields) for r in both)
    disagreeing = len(agreement(responses, register, view=view).rows)
    return AgreementSummary(len(both), compared, compared - disagreeing)
