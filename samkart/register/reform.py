"""A hypothetical municipal reform (``samkart migrate --reform FILE --out DIR``).

The reform file is CSV ``nytt_nummer,navn,kommunenummer``, one row per merging municipality; the
reform takes effect on 1 January of the year given. It becomes the register's own ``kommuner`` and
``kommuneendringer`` rows (so the written register describes the map it is counted on), and the
changes :func:`samkart.register.migrate.plan_migration` carries the register through.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from samkart.domain.entities import MunicipalChange, Municipality
from samkart.i18n import gettext as _
from samkart.reference import Change, MunicipalityIndex, load_reference
from samkart.register.migrate import MigrationError, _csv_rows, _knr, read_text
from samkart.register.model import Register
from samkart.register.problems import Problems


@dataclass(frozen=True, slots=True)
class ReformRow:
    nytt_nummer: str
    navn: str
    kommunenummer: str
    row: int = 0


def read_reform(path: Path | str, name: str = "reform") -> list[ReformRow]:
    return parse_reform(read_text(path, name), name)


def parse_reform(text: str, name: str = "reform") -> list[ReformRow]:
    rows = _csv_rows(text, name, ("nytt_nummer", "navn", "kommunenummer"))
    return [ReformRow(_knr(r["nytt_nummer"]), r["navn"], _knr(r["kommunenummer"]), i)
            for i, r in rows]


def apply_reform(
    register: Register, rows: list[ReformRow], year: int, name: str = "reform"
) -> tuple[Register, tuple[Change, ...]]:
    """``register`` with the reform's municipalities and changes added to its own tables, and the
    changes for the migration. Raises :class:`MigrationError`, every problem located in the reform
    file: a municipality merged twice, a new number that already exists, a municipality that does
    not exist the year before the reform, one new number with two names."""
    problems = Problems()
    index = register.municipalities
    first_row: dict[str, int] = {}
    names: dict[str, tuple[str, int]] = {}
    groups: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        ok = True
        for column, value in (("nytt_nummer", r.nytt_nummer), ("kommunenummer", r.kommunenummer)):
            if not (len(value) == 4 and value.isdigit()):
                problems.error(name, r.row, column, _("«{v}» er ikke et kommunenummer").format(
                    v=value))
                ok = False
        if not ok:
            continue
        if index.known(r.nytt_nummer):
            m = index.any_version(r.nytt_nummer)
            problems.error(name, r.row, "nytt_nummer", _(
                "{knr} finnes allerede ({navn}); en reform slår sammen til et nytt nummer").format(
                knr=r.nytt_nummer, navn=m.navn if m else ""))
        if r.kommunenummer in first_row:
            problems.error(name, r.row, "kommunenummer", _(
                "{knr} slås sammen to ganger (også rad {row})").format(
                knr=r.kommunenummer, row=first_row[r.kommunenummer]))
            continue
        first_row[r.kommunenummer] = r.row
        if index.valid(r.kommunenummer, year - 1) is None:
            problems.error(name, r.row, "kommunenummer", _(
                "{knr} finnes ikke i {year}, året før reformen").format(
                knr=r.kommunenummer, year=year - 1))
        if r.nytt_nummer in names and names[r.nytt_nummer][0] != r.navn:
            problems.error(name, r.row, "navn", _(
                "{knr} har et annet navn i rad {row}").format(knr=r.nytt_nummer,
                                                              row=names[r.nytt_nummer][1]))
        names.setdefault(r.nytt_nummer, (r.navn, r.row))
        groups[r.nytt_nummer].append(r.kommunenummer)
    if not rows:
        problems.error(name, 0, "", _("reformen har ingen rader"))
    if problems.has_errors:
        raise MigrationError(problems.items)

    population = load_reference().population
    own_rows = list(register.own.kommuner or [])
    merging = {k for ks in groups.values() for k in ks}
    own_rows = [m for m in own_rows if m.kommunenummer not in merging]
    for knr in sorted(merging):
        for v in index.by_number[knr]:
            if v.gyldig_fra is not None and v.gyldig_fra >= year:
                continue  # a later version the reform replaces
            ends = v.gyldig_til if v.gyldig_til is not None and v.gyldig_til <= year else year
            # Without a figure of its own, the version keeps SSB's figure of each year it is
            # counted in; a copied figure would be written without its year and then win for all.
            own_rows.append(replace(v, gyldig_til=ends, innbyggere=None, innbyggere_ar=None))
    changes: list[MunicipalChange] = list(register.own.kommuneendringer or [])
    extra: list[Change] = []
    for new, parts in groups.items():
        before = [index.valid(k, year - 1) for k in parts]
        counties = [m.fylkesnummer for m in before if m is not None]
        county = max(set(counties), key=counties.count) if counties else new[:2]
        # The merged area's population on 1 January of the reform year (or the nearest earlier
        # year with figures): the parts' SSB figures summed, exact since whole municipalities merge.
        found = [population.figure(m, year) if m is not None else None for m in before]
        total = sum(f[0] for f in found if f is not None) \
            if all(f is not None for f in found) else None
        navn = names[new][0]
        own_rows.append(Municipality(kommunenummer=new, navn=navn, fylkesnummer=county,
                                     innbyggere=total, gyldig_fra=year, gyldig_til=None))
        for k, m in zip(parts, before, strict=True):
            changes.append(MunicipalChange(k, new, year, "sammenslaing"))
            extra.append(Change(year=year, kind="sammenslaing", from_number=k,
                                from_name=m.navn if m else k, to_number=new, to_name=navn,
                                source=_("tenkt reform")))
    own = replace(register.own, kommuner=own_rows, kommuneendringer=changes)
    municipalities = _overlay(index, own_rows, merging | set(groups))
    return replace(register, own=own, municipalities=municipalities), tuple(extra)


def _overlay(index: MunicipalityIndex, rows: list[Municipality],
             numbers: set[str]) -> MunicipalityIndex:
    kept = [v for number, vs in index.by_number.items() if number not in numbers for v in vs]
    return MunicipalityIndex.of([*kept, *(m for m in rows if m.kommunenummer in numbers)])
