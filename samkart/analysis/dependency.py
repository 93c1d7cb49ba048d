"""How much a municipality depends on cooperation: its dependency profile.

Per municipality, in one year:

* how many of the **statutory task fields** it solves through cooperation: the distinct task-field
  codes of the counted arrangements it takes part in that serve a statutory task
  (``lovpalagt = ja``), out of the statutory task fields known in the year (every code carried by
  some counted statutory arrangement of the register that year: the catalogue itself does not say
  which fields are statutory);
* **through which host**: those fields grouped by the arrangement's ``vertskommune`` (a field
  solved through two hosts counts under both; arrangements without a host, such as most IKS and
  AS, are grouped as "no host");
* its **share of the cooperation's budget and staff**: each counted arrangement's ``budsjett_nok``
  and ``arsverk`` split equally among its active participants (the register says nothing finer),
  summed, and, where the user supplies the municipality's own totals
  (:mod:`samkart.register.municipal_totals`), set against them as a percentage: NIVI's
  "kjernesamarbeidet … sjelden overstiger 4–5 prosent av kommunenes økonomi og sysselsetting" made
  a number. The statutory ("core") part is given beside the whole.

Arrangements without a budget or staff figure are counted, so that a share is never read as
complete when it is not.
"""

from __future__ import annotations

import math
from collections import defaultdict
from fractions import Fraction
from typing import NamedTuple

from samkart.analysis.tables import Table, norwegian_key
from samkart.analysis.yearview import YearView
from samkart.i18n import gettext as _
from samkart.register.municipal_totals import MunicipalTotals


class HostFields(NamedTuple):
    """Statutory task fields a municipality solves through arrangements hosted by one host."""

    vertskommune: str | None
    """kommunenummer of the host (it may be the municipality itself); None: no host."""
    fields: int


class Dependency(NamedTuple):
    """One municipality's dependency profile."""

    kommunenummer: str
    kommune: str
    fylkesnummer: str
    arrangements: int
    """Counted arrangements it takes part in."""
    statutory_arrangements: int
    statutory_fields: int
    """Statutory task fields it solves through cooperation."""
    statutory_fields_known: int
    """Statutory task fields known in the year (the same for every municipality)."""
    hosts: tuple[HostFields, ...]
    """Its statutory fields per host, most first (no host last)."""
    budget_nok: float | None
    """Its equal share of the budgets of its arrangements (None: no arrangement has one)."""
    budget_statutory_nok: float | None
    budget_missing: int
    """Its arrangements without ``budsjett_nok``."""
    staff: float | None
    staff_statutory: float | None
    staff_missing: int
    expenditure_nok: float | None
    """Its gross operating expenditure in the year, from the user's totals."""
    staff_total: float | None
    """Its full-time equivalents in the year, from the user's totals."""

    @property
    def budget_percent(self) -> float | None:
        return _share(self.budget_nok, self.expenditure_nok)

    @property
    def budget_statutory_percent(self) -> float | None:
        return _share(self.budget_statutory_nok, self.expenditure_nok)

    @property
    def staff_percent(self) -> float | None:
        return _share(self.staff, self.staff_total)

    @property
    def staff_statutory_percent(self) -> float | None:
        return _share(self.staff_statutory, self.staff_total)


def _share(part: float | None, whole: float | None) -> float | None:
    """``100 * part / whole`` rounded half up to one decimal, as :func:`tables.percent` rounds
    (computed exactly, so 0.25 % is 0.3 and not 0.2 through float rounding to even); None when
    either is missing or the whole is 0."""
    if part is None or not whole:
        return None
    tenths = math.floor(Fraction(part) * 1000 / Fraction(whole) + Fraction(1, 2))
    return tenths / 10


def statutory_fields(view: YearView) -> set[str]:
    """Task-field codes carried by a counted, statutory arrangement in the year."""
    return {code for s in view.counted() if s.arrangement.lovpalagt
            for code in s.arrangement.oppgavefelt}


def dependency_profiles(view: YearView, totals: MunicipalTotals | None = None,
                        county: str | None = None) -> list[Dependency]:
    """The dependency profile of every municipality taking part in a counted arrangement (of
    ``county`` only, when given), by most statutory fields, then name."""
    known = len(statutory_fields(view))
    arrangements: dict[str, int] = defaultdict(int)
    statutory: dict[str, int] = defaultdict(int)
    fields: dict[str, set[str]] = defaultdict(set)
    via: dict[str, dict[str | None, set[str]]] = defaultdict(lambda: defaultdict(set))
    money: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    has_budget: dict[str, bool] = defaultdict(bool)
    has_staff: dict[str, bool] = defaultdict(bool)
    missing: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for s in view.counted():
        a = s.arrangement
        n = len(s.participants)
        host = s.host
        for k in s.participants:
            arrangements[k] += 1
            if a.lovpalagt:
                statutory[k] += 1
                fields[k].update(a.oppgavefelt)
                via[k][host].update(a.oppgavefelt)
            m = money[k]
            if a.budsjett_nok is None:
                missing[k][0] += 1
            else:
                has_budget[k] = True
                m[0] += a.budsjett_nok / n
                if a.lovpalagt:
                    m[1] += a.budsjett_nok / n
            if a.arsverk is None:
                missing[k][1] += 1
            else:
                has_staff[k] = True
                m[2] += a.arsverk / n
                if a.lovpalagt:
                    m[3] += a.arsverk / n
    out = []
    for k in arrangements:
        muni = view.municipalities[k]
        if county is not None and muni.fylkesnummer != county:
            continue
        hosts = sorted((HostFields(h, len(fs)) for h, fs in via[k].items() if fs),
                       key=lambda h: (h.vertskommune is None, -h.fields, h.vertskommune or ""))
        total = totals.get((k, view.year)) if totals else None
        m = money[k]
        out.append(Dependency(
            k, muni.navn, muni.fylkesnummer, arrangements[k], statutory[k], len(fields[k]), known,
            tuple(hosts),
            m[0] if has_budget[k] else None, m[1] if has_budget[k] else None, missing[k][0],
            m[2] if has_staff[k] else None, m[3] if has_staff[k] else None, missing[k][1],
            total.brutto_driftsutgifter_nok if total else None,
            total.arsverk if total else None))
    out.sort(key=lambda d: (-d.statutory_fields, norwegian_key(d.kommune), d.kommunenummer))
    return out


def dependency_table(view: YearView, profiles: list[Dependency]) -> Table:
    """The profiles as a table; hosts as ``name (fields)`` joined by ``; ``."""
    name = {k: m.navn for k, m in view.municipalities.items()}

    no_host = _("uten vertskommune")

    def hosts(d: Dependency) -> str:
        return "; ".join(f"{name.get(h.vertskommune, h.vertskommune) if h.vertskommune else no_host}"
                         f" ({h.fields})" for h in d.hosts)

    def rounded(value: float | None, digits: int) -> float | int | None:
        if value is None:
            return None
        return round(value) if digits == 0 else round(value, digits)

    rows = [(d.kommunenummer, d.kommune, d.arrangements, d.statutory_arrangements,
             d.statutory_fields, d.statutory_fields_known, hosts(d),
             rounded(d.budget_nok, 0), rounded(d.budget_statutory_nok, 0), d.budget_missing,
             d.expenditure_nok, d.budget_percent, d.budget_statutory_percent,
             rounded(d.staff, 1), rounded(d.staff_statutory, 1), d.staff_missing, d.staff_total,
             d.staff_percent, d.staff_statutory_percent) for d in profiles]
    return Table(("kommunenummer", "kommune", "ordninger", "lovpalagte_ordninger",
                  "lovpalagte_oppgavefelt", "lovpalagte_oppgavefelt_kjent", "via_vertskommune",
                  "budsjett_nok", "budsjett_lovpalagt_nok", "ordninger_uten_budsjett",
                  "brutto_driftsutgifter_nok", "budsjett_andel_prosent",
                  "budsjett_lovpalagt_andel_prosent", "arsverk", "arsverk_lovpalagt",
                  "ordninger_uten_arsverk", "arsverk_kommune", "arsverk_andel_prosent",
                  "arsverk_lovpalagt_andel_prosent"), rows)
