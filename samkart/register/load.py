"""Validating a register and building it: all or nothing.

``load_register`` reports every problem at once (``TABLE:ROW:COLUMN``) and returns a Register only
when there is no error; a register with errors is never half-loaded.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from samkart.domain.codes import (
    LegalForm,
    Role,
)
from samkart.domain.entities import (
    Arrangement,
    Council,
    CouncilMembership,
    County,
    MappingRound,
    MunicipalChange,
    Municipality,
    Participation,
    ReportText,
    TaskField,
)
from samkart.domain.years import overlaps
from samkart.gcpause import paused_gc
from samkart.i18n import gettext as _
from samkart.reference import Change, MunicipalityIndex, Reference, load_reference
from samkart.reference.lawrules import findings
from samkart.register.containers import RawTable, flag_control_characters, read_container
from samkart.register.fields import Cells
from samkart.register.limits import NO_LIMITS, ReadLimits
from samkart.register.model import OwnTables, Register
from samkart.register.problems import Problem, Problems, RegisterError
from samkart.register.rows import RowReader, TableColumns
from samkart.register.schema import TABLES, TEXT_PLACES


def load_register(
    path: str | Path, reference: Reference | None = None, limits: ReadLimits = NO_LIMITS
) -> tuple[Register | None, list[Problem]]:
    """Read and validate the register at ``path``, within ``limits`` (files from strangers).

    Returns the register (None when there is any error) and every problem, in file order.
    """
    register, problems = load_register_counted(path, reference, limits)
    return register, problems.sorted()


def load_register_counted(
    path: str | Path, reference: Reference | None = None, limits: ReadLimits = NO_LIMITS
) -> tuple[Register | None, Problems]:
    """As :func:`load_register`, with the problems as collected (``dropped`` says how many
    beyond ``limits.max_problems`` were not kept)."""
    problems = limits.problems()
    with paused_gc():
        raw = read_container(Path(path), problems, limits)
        if raw is None:
            return None, problems
        register = build_register(raw, problems, reference or load_reference())
    return (None if problems.has_errors else register), problems


def read_register(path: str | Path, reference: Reference | None = None) -> Register:
    """The register at ``path``; raises :class:`RegisterError` with every problem if invalid."""
    register, problems = load_register(path, reference)
    if register is None:
        raise RegisterError([p for p in problems if p.severity.value == "error"])
    return register


def build_register(
    raw: dict[str, RawTable], problems: Problems, reference: Reference
) -> Register | None:
    # A table the reader refused (too many rows, say) is not missing: its refusal is the message.
    refused = {p.table for p in problems.errors if p.row == 0}
    for spec in TABLES.values():
        if spec.required and spec.name not in raw and spec.name not in refused:
            problems.error(spec.name, 0, "", _("påkrevd tabell mangler"))
    for table in raw.values():
        flag_control_characters(table, problems)
    columns = {name: TableColumns(table, TABLES[name], problems) for name, table in raw.items()}
    extra_columns = {name: [n for n, _ in c.extra] for name, c in columns.items() if c.extra}

    own = OwnTables()
    municipalities = reference.municipalities
    if "kommuner" in raw and columns["kommuner"].complete:
        own.kommuner = _kommuner(raw["kommuner"], columns["kommuner"], problems, reference)
        municipalities = _overlay_municipalities(reference.municipalities, own.kommuner)
    if "kommuneendringer" in raw and columns["kommuneendringer"].complete:
        own.kommuneendringer = _kommuneendringer(
            raw["kommuneendringer"], columns["kommuneendringer"], problems, municipalities)
        # The register's own changes count wherever the bundled ones do (successor hints here,
        # ``samkart migrate`` later).
        reference = replace(reference, changes=(
            *reference.changes, *own_changes(own.kommuneendringer, municipalities)))
    counties = reference.counties
    if "fylker" in raw and columns["fylker"].complete:
        own.fylker = _fylker(raw["fylker"], columns["fylker"], problems)
        counties = {**counties}
        for c in own.fylker:
            counties[c.fylkesnummer] = [x for x in own.fylker if x.fylkesnummer == c.fylkesnummer]
    task_fields = dict(reference.task_fields)
    if "oppgavefelt" in raw and columns["oppgavefelt"].complete:
        own.oppgavefelt = _oppgavefelt(raw["oppgavefelt"], columns["oppgavefelt"], problems)
        task_fields.update({t.kode: t for t in own.oppgavefelt})
    councils = reference.councils
    memberships = list(reference.memberships)
    if "regionrad" in raw and columns["regionrad"].complete:
        own.regionrad = _regionrad(raw["regionrad"], columns["regionrad"], problems)
        councils = {c.id: c for c in own.regionrad}
        memberships = []
    if "regionrad_medlemmer" in raw and columns["regionrad_medlemmer"].complete:
        if own.regionrad is None:
            problems.error("regionrad_medlemmer", 0, "",
                           _("medlemmer uten egen regionrad-tabell; legg ved regionrad"))
        else:
            own.regionrad_medlemmer = _medlemmer(
                raw["regionrad_medlemmer"], columns["regionrad_medlemmer"], problems,
                councils, municipalities,
            )
            memberships = own.regionrad_medlemmer
    elif own.regionrad is not None:
        problems.warning("regionrad", 0, "", _("egne regionråd uten regionrad_medlemmer"))

    if "kartlegginger" in raw and columns["kartlegginger"].complete:
        own.kartlegginger = _kartlegginger(raw["kartlegginger"], columns["kartlegginger"],
                                           problems, counties)
    if "tekster" in raw and columns["tekster"].complete:
        own.tekster = _tekster(raw["tekster"], columns["tekster"], problems, counties)

    arrangements: dict[str, Arrangement] = {}
    arrangement_rows: dict[str, int] = {}
    if "ordninger" in raw and columns["ordninger"].complete:
        arrangements, arrangement_rows = _ordninger(
            raw["ordninger"], columns["ordninger"], problems, task_fields
        )
    participations: list[Participation] = []
    if "deltakere" in raw and columns["deltakere"].complete:
        participations = _deltakere(
            raw["deltakere"], columns["deltakere"], problems, arrangements, arrangement_rows,
            municipalities,
            reference, check_arrangements="ordninger" in raw and columns["ordninger"].complete,
        )
    if arrangements:
        _law_warnings(arrangements, participations, arrangement_rows, problems)
    if problems.has_errors:
        return None
    return Register(
        arrangements, participations, municipalities, counties, councils, memberships,
        task_fields, own, extra_columns, arrangement_rows, reference.changes,
    )


def _law_warnings(arrangements: dict[str, Arrangement], participations: list[Participation],
                  rows: dict[str, int], problems: Problems) -> None:
    """The 2018 Local Government Act's rules (``reference/data/lovregler.csv``) as warnings: a
    register may well record what the law no longer allows, but the analyst should know."""
    hosts: dict[str, set[str]] = defaultdict(set)
    for p in participations:
        if p.rolle is Role.VERTSKOMMUNE:
            hosts[p.ordning_id].add(p.kommunenummer)
    oc = Cells("ordninger", problems)
    for aid, a in arrangements.items():
        for f in findings(a, hosts.get(aid, ())):
            oc.warning(rows.get(aid, 0), f.column, f.message)


def _ordninger(
    raw: RawTable, cols: TableColumns, problems: Problems, task_fields: dict[str, TaskField]
) -> tuple[dict[str, Arrangement], dict[str, int]]:
    """The arrangements, and the row each came from (for messages the participants trigger)."""
    reader = RowReader(cols, problems)
    c = reader.cells
    out: dict[str, Arrangement] = {}
    first_row: dict[str, int] = {}
    for row, cells in raw.rows:
        v = reader.read(row, cells)
        aid = v["id"]
        if aid:
            first_row[aid] = row
        for f in v["oppgavefelt"]:
            if f not in task_fields:
                c.error(row, "oppgavefelt", _("ukjent oppgavefelt «{f}»").format(f=f))
        etablert, avviklet = v["etablert"], v["avviklet"]
        if etablert is not None and avviklet is not None and avviklet <= etablert:
            c.error(row, "avviklet", _("avviklet {avviklet} er ikke etter etablert {etablert}")
                                       .format(avviklet=avviklet, etablert=etablert))
        if v["tilknytningsform"] is LegalForm.AS and v["kommunal_eierandel"] is None \
                and not reader.text(cells, "kommunal_eierandel"):
            c.error(row, "kommunal_eierandel", _("påkrevd for AS (kommunal eierandel i prosent)"))
        erstatter = v["erstatter"] or None
        v["erstatter"] = erstatter
        if erstatter is not None and erstatter == aid:
            c.error(row, "erstatter", _("en ordning kan ikke erstatte seg selv"))
        a = Arrangement(**v, extra=cols.extras(cells))
        if aid:
            out[aid] = a
    for aid, a in out.items():
        if a.erstatter is not None and a.erstatter != aid and a.erstatter not in out:
            c.warning(first_row[aid], "erstatter",
                      _("erstatter «{erstatter}», som ikke er i registeret")
                        .format(erstatter=a.erstatter))
    return out, first_row


def _deltakere(
    raw: RawTable,
    cols: TableColumns,
    problems: Problems,
    arrangements: dict[str, Arrangement],
    arrangement_rows: dict[str, int],
    municipalities: MunicipalityIndex,
    reference: Reference,
    check_arrangements: bool,
) -> list[Participation]:
    reader = RowReader(cols, problems)
    c = reader.cells
    has_extra = bool(cols.extra)
    out: list[Participation] = []
    seen: dict[tuple[str, str], list[tuple[int | None, int | None, int]]] = defaultdict(list)
    hosts: dict[str, set[str]] = defaultdict(set)
    checked: dict[tuple, int | None] = {}
    # (number, year it ceased) -> (first row, participations that run on past it)
    outlived: dict[tuple[str, int], tuple[int, int]] = {}
    for row, cells in raw.rows:
        v = reader.read(row, cells)
        aid, knr, fra, til, rolle = (v["ordning_id"], v["kommunenummer"], v["fra"], v["til"],
                                     v["rolle"])
        arrangement = arrangements.get(aid)
        if aid and arrangement is None and check_arrangements:
            c.error(row, "ordning_id", _("ukjent ordning «{aid}»").format(aid=aid))
        if fra is not None and til is not None and til <= fra:
            c.error(row, "til", _("til {til} er ikke etter fra {fra}").format(til=til, fra=fra))
        if knr is None or not aid:
            continue
        start = fra if fra is not None else (arrangement.etablert if arrangement else None)
        ends = c.memo(
            checked, (knr, start, til, arrangement.avviklet if arrangement else None),
            _check_municipality, c, row, knr, start, til, arrangement, municipalities, reference,
        )
        if ends is not None:
            first, count = outlived.get((knr, ends), (row, 0))
            outlived[(knr, ends)] = (first, count + 1)
        if arrangement is not None and fra is not None and arrangement.etablert is not None \
                and fra < arrangement.etablert:
            c.warning(row, "fra", _("fra {fra} er før ordningen ble etablert ({etablert})")
                                    .format(fra=fra, etablert=arrangement.etablert))
        key = (aid, knr)
        for other_start, other_til, other_row in seen[key]:
            if overlaps(start, til, other_start, other_til):
                c.error(row, "kommunenummer",
                        _("{knr} deltar allerede i «{aid}» i overlappende år (rad {other_row})")
                          .format(knr=knr, aid=aid, other_row=other_row))
                break
        seen[key].append((start, til, row))
        if rolle is Role.VERTSKOMMUNE:
            hosts[aid].add(knr)
        out.append(Participation(aid, knr, fra, til, rolle,
                                 cols.extras(cells) if has_extra else {}))
    for (knr, ends), (first, count) in sorted(outlived.items(), key=lambda kv: kv[1][0]):
        name = municipalities.valid(knr, ends - 1)
        successors = [s for s in reference.successors(knr, ends) if s.year == ends]
        hint = ", ".join(f"{s.to_number} {s.to_name}" for s in successors)
        c.warning(first, "kommunenummer",
                  _("{knr} {name} opphørte {ends}; {count} deltakelse(r) uten sluttår "
                    "slutter da og føres ikke over automatisk")
                  .format(knr=knr, name=name.navn if name else "", ends=ends, count=count)
                  + (_(" (etterfølger: {hint})").format(hint=hint) if hint else ""))
    participants: dict[str, set[str]] = defaultdict(set)
    for p in out:
        participants[p.ordning_id].add(p.kommunenummer)
    oc = Cells("ordninger", problems)
    for aid, a in arrangements.items():
        row = arrangement_rows.get(aid, 0)
        if a.vertskommune is not None and a.vertskommune not in participants.get(aid, ()):
            oc.error(row, "vertskommune", _("vertskommunen {vertskommune} er ikke deltaker")
                                            .format(vertskommune=a.vertskommune))
        marked = hosts.get(aid, set())
        if a.vertskommune is not None and marked and a.vertskommune not in marked:
            oc.warning(row, "vertskommune", _("deltakere har rolle vertskommune: {value}, ikke "
                                              "{vertskommune}")
                       .format(value=", ".join(sorted(marked)), vertskommune=a.vertskommune))
    return out


def _check_municipality(
    c: Cells,
    row: int,
    knr: str,
    start: int | None,
    til: int | None,
    arrangement: Arrangement | None,
    municipalities: MunicipalityIndex,
    reference: Reference,
) -> int | None:
    """The number must exist and be valid when the participation starts. Returns the year the
    municipality ceased when the participation would run on past it (to be reported, never carried
    over silently), else None."""
    if not municipalities.known(knr):
        c.error(row, "kommunenummer", _("ukjent kommunenummer {knr}").format(knr=knr))
        return None
    if start is None:
        version = municipalities.any_version(knr)
    else:
        version = municipalities.valid(knr, start)
        if version is None:
            c.error(row, "kommunenummer", _not_valid_message(knr, start, municipalities, reference))
            return None
    ends = ceases(municipalities, version)
    if ends is None:
        return None
    runs_on = (til is None or til > ends) and (
        arrangement is None or arrangement.avviklet is None or arrangement.avviklet > ends
    )
    return ends if runs_on else None


def ceases(municipalities: MunicipalityIndex, version: Municipality | None) -> int | None:
    """The year ``version``'s number stops existing: the end of its run of consecutive versions
    (a municipality that took in part of a neighbour, as 5054 Indre Fosen did in 2020, gets a new
    version under the same number and goes on), or None while it exists."""
    seen = 0
    while version is not None and version.gyldig_til is not None and seen < 100:
        after = municipalities.valid(version.kommunenummer, version.gyldig_til)
        if after is None:
            return version.gyldig_til
        version, seen = after, seen + 1
    return None


def _not_valid_message(
    knr: str, year: int, municipalities: MunicipalityIndex, reference: Reference
) -> str:
    versions = municipalities.by_number[knr]
    spans = ", ".join(
        f"{v.navn} {v.gyldig_fra or '…'}–{(v.gyldig_til - 1) if v.gyldig_til else '…'}"
        for v in versions
    )
    message = _("kommunenummer {knr} er ikke gyldig i {year} ({spans})").format(
        knr=knr, year=year, spans=spans)
    later = [s for s in reference.successors(knr, 0) if s.year <= year]
    if later:
        message += _("; etterfølger: {names}").format(names=", ".join(
            sorted({f"{s.to_number} {s.to_name}" for s in later})))
    return message


def _kommuner(
    raw: RawTable, cols: TableColumns, problems: Problems, reference: Reference
) -> list[Municipality]:
    reader = RowReader(cols, problems)
    c = reader.cells
    out: list[Municipality] = []
    rows: dict[str, list[tuple[int, Municipality]]] = defaultdict(list)
    for row, cells in raw.rows:
        v = reader.read(row, cells)
        knr, fra, til = v["kommunenummer"], v["gyldig_fra"], v["gyldig_til"]
        if fra is not None and til is not None and til <= fra:
            c.error(row, "gyldig_til", _("gyldig_til {til} er ikke etter gyldig_fra {fra}")
                                         .format(til=til, fra=fra))
        if knr is None:
            continue
        # What the row leaves empty comes from the bundled version of the number.
        bundled = reference.municipalities.valid(knr, fra) if fra is not None else None
        bundled = bundled or reference.municipalities.any_version(knr)
        if not v["navn"]:
            if bundled is None:
                c.error(row, "navn", _("navn mangler for {knr}, som ikke er i referansedataene")
                                       .format(knr=knr))
                continue
            v["navn"] = bundled.navn
        if v["fylkesnummer"] is None:
            v["fylkesnummer"] = bundled.fylkesnummer if bundled is not None else knr[:2]
        m = Municipality(**v)
        if m.innbyggere is None and bundled is not None and fra is None and til is None:
            # The bundled figure keeps its year, so a year view can replace it by the figure of
            # the year it counts (only a figure the register gives itself has no year).
            m.innbyggere, m.innbyggere_ar = bundled.innbyggere, bundled.innbyggere_ar
        for other_row, other in rows[knr]:
            if overlaps(fra, til, other.gyldig_fra, other.gyldig_til):
                c.error(row, "kommunenummer", _("{knr} har overlappende gyldighet med rad "
                                                "{other_row}").format(knr=knr, other_row=other_row))
                break
        rows[knr].append((row, m))
        out.append(m)
    return out


CHANGE_KINDS = ("sammenslaing", "deling", "nytt_nummer", "navneendring")


def _kommuneendringer(
    raw: RawTable, cols: TableColumns, problems: Problems, municipalities: MunicipalityIndex
) -> list[MunicipalChange]:
    """The register's own municipal changes; both numbers must be known (bundled or in the
    register's ``kommuner``), so that a change never points into nothing."""
    reader = RowReader(cols, problems)
    c = reader.cells
    out: list[MunicipalChange] = []
    for row, cells in raw.rows:
        v = reader.read(row, cells)
        art = v["art"].strip().lower()
        if art and art not in CHANGE_KINDS:
            c.error(row, "art", _("ukjent art «{art}» (bruk {kinds})")
                    .format(art=v["art"], kinds=", ".join(CHANGE_KINDS)))
        for column in ("gammelt_nummer", "nytt_nummer"):
            number = v[column]
            if number is not None and not municipalities.known(number):
                c.error(row, column, _("ukjent kommunenummer {number}; legg det i kommuner")
                        .format(number=number))
        if v["gammelt_nummer"] and v["nytt_nummer"] and v["ar"] is not None and art:
            out.append(MunicipalChange(v["gammelt_nummer"], v["nytt_nummer"], v["ar"], art))
    return out


def own_changes(
    rows: list[MunicipalChange], municipalities: MunicipalityIndex
) -> tuple[Change, ...]:
    """A register's ``kommuneendringer`` as lines of the successor table, with names."""
    def name(number: str, year: int) -> str:
        m = municipalities.valid(number, year) or municipalities.any_version(number)
        return m.navn if m else number

    return tuple(
        Change(year=r.ar, kind=r.art, from_number=r.gammelt_nummer,
               from_name=name(r.gammelt_nummer, r.ar - 1), to_number=r.nytt_nummer,
               to_name=name(r.nytt_nummer, r.ar), source="registerets kommuneendringer")
        for r in rows
    )


def _overlay_municipalities(
    bundled: MunicipalityIndex, own: list[Municipality]
) -> MunicipalityIndex:
    """The register's rows replace every bundled version of the numbers they name."""
    replaced = {m.kommunenummer for m in own}
    versions = [v for number, vs in bundled.by_number.items() if number not in replaced for v in vs]
    return MunicipalityIndex.of([*versions, *own])


def _fylker(raw: RawTable, cols: TableColumns, problems: Problems) -> list[County]:
    reader = RowReader(cols, problems)
    out = []
    for row, cells in raw.rows:
        v = reader.read(row, cells)
        if v["fylkesnummer"] is not None:
            out.append(County(**v))
    return out


def _oppgavefelt(raw: RawTable, cols: TableColumns, problems: Problems) -> list[TaskField]:
    reader = RowReader(cols, problems)
    out: list[TaskField] = []
    for row, cells in raw.rows:
        v = reader.read(row, cells)
        if v["kode"]:
            # The catalogue keeps a task field's sector as the text given (checked as a code).
            out.append(TaskField(v["kode"], v["navn"] or v["kode"], reader.text(cells, "sektor")))
    return out


def _regionrad(raw: RawTable, cols: TableColumns, problems: Problems) -> list[Council]:
    reader = RowReader(cols, problems)
    out: list[Council] = []
    for row, cells in raw.rows:
        v = reader.read(row, cells)
        if v["id"]:
            out.append(Council(**v))
    return out


def _medlemmer(
    raw: RawTable,
    cols: TableColumns,
    problems: Problems,
    councils: dict[str, Council],
    municipalities: MunicipalityIndex,
) -> list[CouncilMembership]:
    reader = RowReader(cols, problems)
    c = reader.cells
    out = []
    for row, cells in raw.rows:
        v = reader.read(row, cells)
        cid, knr, fra, til = v["regionrad_id"], v["kommunenummer"], v["fra"], v["til"]
        if cid and cid not in councils:
            c.error(row, "regionrad_id", _("ukjent regionråd «{cid}»").format(cid=cid))
        if knr is not None and not municipalities.known(knr):
            c.error(row, "kommunenummer", _("ukjent kommunenummer {knr}").format(knr=knr))
        if fra is not None and til is not None and til <= fra:
            c.error(row, "til", _("til {til} er ikke etter fra {fra}").format(til=til, fra=fra))
        if cid and knr:
            out.append(CouncilMembership(**v))
    return out


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _kartlegginger(raw: RawTable, cols: TableColumns, problems: Problems,
                   counties: dict[str, list[County]]) -> list[MappingRound]:
    """The mapping rounds: one per county and year, a real ISO date when one is given."""
    reader = RowReader(cols, problems)
    c = reader.cells
    out: list[MappingRound] = []
    seen: dict[tuple[str, int], int] = {}
    for row, cells in raw.rows:
        v = reader.read(row, cells)
        county, year, date = v["fylkesnummer"], v["ar"], v["dato"]
        if county is not None and county not in counties:
            c.error(row, "fylkesnummer", f"ukjent fylkesnummer {county}")
        if date:
            try:
                if not _ISO_DATE.match(date):
                    raise ValueError(date)
                day = _dt.date.fromisoformat(date)
            except ValueError:
                c.error(row, "dato", f"«{date}» er ikke en dato (ÅÅÅÅ-MM-DD)")
            else:
                # A round that maps a year closes in it or soon after, never before.
                if year is not None and not year <= day.year <= year + 2:
                    c.error(row, "dato", f"datoen {date} passer ikke med året {year}")
        if county is None or year is None:
            continue
        if (county, year) in seen:
            c.error(row, "ar", f"fylke {county} har alt en kartlegging i {year} "
                               f"(rad {seen[county, year]})")
            continue
        seen[county, year] = row
        out.append(MappingRound(county, year, date or "", v["kilde"] or ""))
    return out


def _tekster(raw: RawTable, cols: TableColumns, problems: Problems,
             counties: dict[str, list[County]]) -> list[ReportText]:
    """The analyst's texts: a known place, a county for (and only for) a county appendix, at
    most one text per place, county and year."""
    reader = RowReader(cols, problems)
    c = reader.cells
    out: list[ReportText] = []
    seen: dict[tuple[str, str | None, int | None], int] = {}
    for row, cells in raw.rows:
        v = reader.read(row, cells)
        place, county = (v["kapittel"] or "").strip(), v["fylkesnummer"]
        bad = False
        if place not in TEXT_PLACES:
            c.error(row, "kapittel", f"ukjent kapittel «{place}» (ett av: "
                                     + ", ".join(TEXT_PLACES) + ")")
            bad = True
        elif place == "fylke" and county is None:
            c.error(row, "fylkesnummer", "fylkesnummer mangler (påkrevd for kapittel fylke)")
            bad = True
        elif place != "fylke" and county is not None:
            c.error(row, "fylkesnummer", f"fylkesnummer brukes bare for kapittel fylke, ikke "
                                         f"{place}")
            bad = True
        if county is not None and county not in counties:
            c.error(row, "fylkesnummer", f"ukjent fylkesnummer {county}")
            bad = True
        key = (place, county, v["ar"])
        if not bad and key in seen:
            c.error(row, "kapittel", f"teksten for {place}"
                    + (f" (fylke {county})" if county else "")
                    + (f" i {v['ar']}" if v["ar"] else "") + f" finnes alt (rad {seen[key]})")
            bad = True
        if bad or not v["tekst"]:
            continue
        seen[key] = row
        out.append(ReportText(place, v["tekst"], county, v["ar"], v["tittel"] or ""))
    return out
