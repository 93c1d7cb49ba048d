"""Validating a register and building it: all or nothing.

``load_register`` reports every problem at once (``TABLE:ROW:COLUMN``) and returns a Register only
when there is no error; a register with errors is never half-loaded.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from samkart.domain.codes import (
    ArrangementType,
    CodeList,
    CouncilType,
    DominantParty,
    LegalForm,
    Level,
    Role,
    Sector,
)
from samkart.domain.entities import (
    Arrangement,
    Council,
    CouncilMembership,
    County,
    Municipality,
    Participation,
    TaskField,
)
from samkart.domain.years import overlaps
from samkart.gcpause import paused_gc
from samkart.reference import MunicipalityIndex, Reference, load_reference
from samkart.register.containers import RawTable, flag_control_characters, read_container
from samkart.register.fields import Cells
from samkart.register.limits import NO_LIMITS, ReadLimits
from samkart.register.model import OwnTables, Register
from samkart.register.problems import Problem, Problems, RegisterError
from samkart.register.schema import TABLES, TableSpec


class _Columns:
    """Where each known column of a table is, which columns are extra, and which are missing."""

    def __init__(self, raw: RawTable, spec: TableSpec, problems: Problems):
        self.index: dict[str, int] = {}
        self.extra: list[tuple[str, int]] = []
        self.complete = True
        for j, name in enumerate(raw.header):
            if not name:
                if any(cells[j] for _, cells in raw.rows if j < len(cells)):
                    problems.error(spec.name, 0, f"#{j + 1}", "kolonnen mangler navn")
                continue
            if name in self.index or name in dict(self.extra):
                problems.error(spec.name, 0, name, "kolonnen finnes to ganger")
                continue
            if name in spec.columns:
                self.index[name] = j
            else:
                self.extra.append((name, j))
                problems.warning(spec.name, 0, name, "ukjent kolonne; beholdes som ekstra data")
        for name in spec.required_columns:
            if name not in self.index:
                problems.error(spec.name, 0, name, "påkrevd kolonne mangler")
                self.complete = False

    def getter(self, name: str):
        j = self.index.get(name)
        if j is None:
            return lambda cells: ""
        return lambda cells: cells[j]

    def extras(self, cells: list[str]) -> dict[str, str]:
        return {name: cells[j] for name, j in self.extra if cells[j]}


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
    for spec in TABLES.values():
        if spec.required and spec.name not in raw:
            problems.error(spec.name, 0, "", "påkrevd tabell mangler")
    for table in raw.values():
        flag_control_characters(table, problems)
    columns = {name: _Columns(table, TABLES[name], problems) for name, table in raw.items()}
    extra_columns = {name: [n for n, _ in c.extra] for name, c in columns.items() if c.extra}

    own = OwnTables()
    municipalities = reference.municipalities
    if "kommuner" in raw and columns["kommuner"].complete:
        own.kommuner = _kommuner(raw["kommuner"], columns["kommuner"], problems, reference)
        municipalities = _overlay_municipalities(reference.municipalities, own.kommuner)
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
                           "medlemmer uten egen regionrad-tabell; legg ved regionrad")
        else:
            own.regionrad_medlemmer = _medlemmer(
                raw["regionrad_medlemmer"], columns["regionrad_medlemmer"], problems,
                councils, municipalities,
            )
            memberships = own.regionrad_medlemmer
    elif own.regionrad is not None:
        problems.warning("regionrad", 0, "", "egne regionråd uten regionrad_medlemmer")

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
    if problems.has_errors:
        return None
    return Register(
        arrangements, participations, municipalities, counties, councils, memberships,
        task_fields, own, extra_columns, arrangement_rows,
    )


def _ordninger(
    raw: RawTable, cols: _Columns, problems: Problems, task_fields: dict[str, TaskField]
) -> tuple[dict[str, Arrangement], dict[str, int]]:
    """The arrangements, and the row each came from (for messages the participants trigger)."""
    c = Cells("ordninger", problems)
    g = {name: cols.getter(name) for name in TABLES["ordninger"].columns}
    out: dict[str, Arrangement] = {}
    first_row: dict[str, int] = {}
    for row, cells in raw.rows:
        aid = g["id"](cells)
        if not c.unique_key(aid, row, "id", first_row):
            aid = ""
        navn = g["navn"](cells)
        if not navn:
            c.error(row, "navn", "navn mangler")
        form_text, sector_text = g["tilknytningsform"](cells), g["sektor"](cells)
        form = c.code(form_text, row, "tilknytningsform", LegalForm)
        if not form_text:
            c.error(row, "tilknytningsform", "tilknytningsform mangler")
        sector = c.code(sector_text, row, "sektor", Sector)
        if not sector_text:
            c.error(row, "sektor", "sektor mangler")
        fields = tuple(f.strip() for f in g["oppgavefelt"](cells).split(";") if f.strip())
        for f in fields:
            if f not in task_fields:
                c.error(row, "oppgavefelt", f"ukjent oppgavefelt «{f}»")
        etablert = c.year(g["etablert"](cells), row, "etablert")
        avviklet = c.year(g["avviklet"](cells), row, "avviklet")
        if etablert is not None and avviklet is not None and avviklet <= etablert:
            c.error(row, "avviklet", f"avviklet {avviklet} er ikke etter etablert {etablert}")
        share = c.number(g["kommunal_eierandel"](cells), row, "kommunal_eierandel", 0, 100)
        if form is LegalForm.AS and share is None and not g["kommunal_eierandel"](cells):
            c.error(row, "kommunal_eierandel", "påkrevd for AS (kommunal eierandel i prosent)")
        host = c.kommunenummer(g["vertskommune"](cells), row, "vertskommune")
        erstatter = g["erstatter"](cells) or None
        if erstatter is not None and erstatter == aid:
            c.error(row, "erstatter", "en ordning kan ikke erstatte seg selv")
        a = Arrangement(
            id=aid,
            navn=navn,
            tilknytningsform=form or LegalForm.AVTALE,
            sektor=sector or Sector.ADMINISTRASJON,
            delsektor=g["delsektor"](cells),
            oppgavefelt=fields,
            lovpalagt=c.boolean(g["lovpalagt"](cells), row, "lovpalagt"),
            vertskommune=host,
            etablert=etablert,
            avviklet=avviklet,
            niva=c.code(g["niva"](cells), row, "niva", Level),
            orgnr=c.orgnr(g["orgnr"](cells), row, "orgnr"),
            kommunal_eierandel=share,
            dominerende_part=c.code(g["dominerende_part"](cells), row, "dominerende_part",
                                    DominantParty) or DominantParty.KOMMUNE,
            type=c.code(g["type"](cells), row, "type", ArrangementType) or ArrangementType.FORMELL,
            erstatter=erstatter,
            budsjett_nok=c.number(g["budsjett_nok"](cells), row, "budsjett_nok"),
            arsverk=c.number(g["arsverk"](cells), row, "arsverk"),
            merknad=g["merknad"](cells),
            kilde=g["kilde"](cells),
            extra=cols.extras(cells),
        )
        if aid:
            out[aid] = a
    for aid, a in out.items():
        if a.erstatter is not None and a.erstatter != aid and a.erstatter not in out:
            c.warning(first_row[aid], "erstatter",
                      f"erstatter «{a.erstatter}», som ikke er i registeret")
    return out, first_row


def _deltakere(
    raw: RawTable,
    cols: _Columns,
    problems: Problems,
    arrangements: dict[str, Arrangement],
    arrangement_rows: dict[str, int],
    municipalities: MunicipalityIndex,
    reference: Reference,
    check_arrangements: bool,
) -> list[Participation]:
    c = Cells("deltakere", problems)
    g_ord, g_knr = cols.getter("ordning_id"), cols.getter("kommunenummer")
    g_fra, g_til, g_rolle = cols.getter("fra"), cols.getter("til"), cols.getter("rolle")
    has_extra = bool(cols.extra)
    out: list[Participation] = []
    seen: dict[tuple[str, str], list[tuple[int | None, int | None, int]]] = defaultdict(list)
    hosts: dict[str, set[str]] = defaultdict(set)
    knr_cache: dict[str, str | None] = {}
    year_cache: dict[str, int | None] = {}  # shared by fra and til: only clean parses are kept
    role_cache: dict[str, CodeList | None] = {}
    checked: dict[tuple, int | None] = {}
    # (number, year it ceased) -> (first row, participations that run on past it)
    outlived: dict[tuple[str, int], tuple[int, int]] = {}
    for row, cells in raw.rows:
        aid = g_ord(cells)
        knr_text = g_knr(cells)
        if not aid:
            c.error(row, "ordning_id", "ordning_id mangler")
        arrangement = arrangements.get(aid)
        if aid and arrangement is None and check_arrangements:
            c.error(row, "ordning_id", f"ukjent ordning «{aid}»")
        # Cells repeat a lot (a few hundred numbers and years over many rows): each distinct text
        # is parsed once.
        knr = c.memo(knr_cache, knr_text, c.kommunenummer, knr_text, row, "kommunenummer")
        if not knr_text:
            c.error(row, "kommunenummer", "kommunenummer mangler")
        fra_text, til_text = g_fra(cells), g_til(cells)
        fra = c.memo(year_cache, fra_text, c.year, fra_text, row, "fra")
        til = c.memo(year_cache, til_text, c.year, til_text, row, "til")
        if fra is not None and til is not None and til <= fra:
            c.error(row, "til", f"til {til} er ikke etter fra {fra}")
        rolle_text = g_rolle(cells)
        rolle = (
            c.memo(role_cache, rolle_text, c.code, rolle_text, row, "rolle", Role)
            if rolle_text else Role.DELTAKER
        )
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
            c.warning(row, "fra", f"fra {fra} er før ordningen ble etablert ({arrangement.etablert})")
        key = (aid, knr)
        for other_start, other_til, other_row in seen[key]:
            if overlaps(start, til, other_start, other_til):
                c.error(row, "kommunenummer",
                        f"{knr} deltar allerede i «{aid}» i overlappende år (rad {other_row})")
                break
        seen[key].append((start, til, row))
        if rolle is Role.VERTSKOMMUNE:
            hosts[aid].add(knr)
        out.append(Participation(aid, knr, fra, til, rolle or Role.DELTAKER,
                                 cols.extras(cells) if has_extra else {}))
    for (knr, ends), (first, count) in sorted(outlived.items(), key=lambda kv: kv[1][0]):
        name = municipalities.valid(knr, ends - 1)
        successors = [s for s in reference.successors(knr, ends) if s.year == ends]
        hint = ", ".join(f"{s.to_number} {s.to_name}" for s in successors)
        c.warning(first, "kommunenummer",
                  f"{knr} {name.navn if name else ''} opphørte {ends}; {count} deltakelse(r) uten "
                  f"sluttår slutter da og føres ikke over automatisk"
                  + (f" (etterfølger: {hint})" if hint else ""))
    participants: dict[str, set[str]] = defaultdict(set)
    for p in out:
        participants[p.ordning_id].add(p.kommunenummer)
    oc = Cells("ordninger", problems)
    for aid, a in arrangements.items():
        row = arrangement_rows.get(aid, 0)
        if a.vertskommune is not None and a.vertskommune not in participants.get(aid, ()):
            oc.error(row, "vertskommune", f"vertskommunen {a.vertskommune} er ikke deltaker")
        marked = hosts.get(aid, set())
        if a.vertskommune is not None and marked and a.vertskommune not in marked:
            oc.warning(row, "vertskommune", f"deltakere har rolle vertskommune: "
                       f"{', '.join(sorted(marked))}, ikke {a.vertskommune}")
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
        c.error(row, "kommunenummer", f"ukjent kommunenummer {knr}")
        return None
    if start is None:
        version = municipalities.any_version(knr)
    else:
        version = municipalities.valid(knr, start)
        if version is None:
            c.error(row, "kommunenummer", _not_valid_message(knr, start, municipalities, reference))
            return None
    if version is None or version.gyldig_til is None:
        return None
    ends = version.gyldig_til
    runs_on = (til is None or til > ends) and (
        arrangement is None or arrangement.avviklet is None or arrangement.avviklet > ends
    )
    return ends if runs_on else None


def _not_valid_message(
    knr: str, year: int, municipalities: MunicipalityIndex, reference: Reference
) -> str:
    versions = municipalities.by_number[knr]
    spans = ", ".join(
        f"{v.navn} {v.gyldig_fra or '…'}–{(v.gyldig_til - 1) if v.gyldig_til else '…'}"
        for v in versions
    )
    message = f"kommunenummer {knr} er ikke gyldig i {year} ({spans})"
    later = [s for s in reference.successors(knr, 0) if s.year <= year]
    if later:
        message += "; etterfølger: " + ", ".join(
            sorted({f"{s.to_number} {s.to_name}" for s in later})
        )
    return message


def _kommuner(
    raw: RawTable, cols: _Columns, problems: Problems, reference: Reference
) -> list[Municipality]:
    c = Cells("kommuner", problems)
    g = {name: cols.getter(name) for name in TABLES["kommuner"].columns}
    out: list[Municipality] = []
    rows: dict[str, list[tuple[int, Municipality]]] = defaultdict(list)
    for row, cells in raw.rows:
        knr = c.kommunenummer(g["kommunenummer"](cells), row, "kommunenummer")
        if not g["kommunenummer"](cells):
            c.error(row, "kommunenummer", "kommunenummer mangler")
        fylke = c.fylkesnummer(g["fylkesnummer"](cells), row, "fylkesnummer")
        pop = c.integer(g["innbyggere"](cells), row, "innbyggere")
        fra = c.year(g["gyldig_fra"](cells), row, "gyldig_fra")
        til = c.year(g["gyldig_til"](cells), row, "gyldig_til")
        if fra is not None and til is not None and til <= fra:
            c.error(row, "gyldig_til", f"gyldig_til {til} er ikke etter gyldig_fra {fra}")
        if knr is None:
            continue
        navn = g["navn"](cells)
        bundled = reference.municipalities.valid(knr, fra) if fra is not None else None
        bundled = bundled or reference.municipalities.any_version(knr)
        if not navn:
            if bundled is None:
                c.error(row, "navn", f"navn mangler for {knr}, som ikke er i referansedataene")
                continue
            navn = bundled.navn
        if fylke is None:
            fylke = bundled.fylkesnummer if bundled is not None else knr[:2]
        if pop is None and bundled is not None and fra is None and til is None:
            pop = bundled.innbyggere
        m = Municipality(knr, navn, fylke, pop, fra, til)
        for other_row, other in rows[knr]:
            if overlaps(fra, til, other.gyldig_fra, other.gyldig_til):
                c.error(row, "kommunenummer", f"{knr} har overlappende gyldighet med rad {other_row}")
                break
        rows[knr].append((row, m))
        out.append(m)
    return out


def _overlay_municipalities(
    bundled: MunicipalityIndex, own: list[Municipality]
) -> MunicipalityIndex:
    """The register's rows replace every bundled version of the numbers they name."""
    replaced = {m.kommunenummer for m in own}
    versions = [v for number, vs in bundled.by_number.items() if number not in replaced for v in vs]
    return MunicipalityIndex.of([*versions, *own])


def _fylker(raw: RawTable, cols: _Columns, problems: Problems) -> list[County]:
    c = Cells("fylker", problems)
    g = {name: cols.getter(name) for name in TABLES["fylker"].columns}
    out = []
    for row, cells in raw.rows:
        nr = c.fylkesnummer(g["fylkesnummer"](cells), row, "fylkesnummer")
        navn = g["navn"](cells)
        if not navn:
            c.error(row, "navn", "navn mangler")
        fra = c.year(g["gyldig_fra"](cells), row, "gyldig_fra")
        til = c.year(g["gyldig_til"](cells), row, "gyldig_til")
        if nr is None:
            if not g["fylkesnummer"](cells):
                c.error(row, "fylkesnummer", "fylkesnummer mangler")
            continue
        out.append(County(nr, navn, fra, til))
    return out


def _oppgavefelt(raw: RawTable, cols: _Columns, problems: Problems) -> list[TaskField]:
    c = Cells("oppgavefelt", problems)
    g = {name: cols.getter(name) for name in TABLES["oppgavefelt"].columns}
    out: list[TaskField] = []
    seen: dict[str, int] = {}
    for row, cells in raw.rows:
        kode, navn = g["kode"](cells), g["navn"](cells)
        if not c.unique_key(kode, row, "kode", seen):
            continue
        sektor = g["sektor"](cells)
        if sektor:
            c.code(sektor, row, "sektor", Sector)
        out.append(TaskField(kode, navn or kode, sektor))
    return out


def _regionrad(raw: RawTable, cols: _Columns, problems: Problems) -> list[Council]:
    c = Cells("regionrad", problems)
    g = {name: cols.getter(name) for name in TABLES["regionrad"].columns}
    out: list[Council] = []
    seen: dict[str, int] = {}
    for row, cells in raw.rows:
        cid, navn = g["id"](cells), g["navn"](cells)
        ctype = c.code(g["type"](cells), row, "type", CouncilType)
        if not g["type"](cells):
            c.error(row, "type", "type mangler")
        if not navn:
            c.error(row, "navn", "navn mangler")
        if not c.unique_key(cid, row, "id", seen):
            continue
        out.append(Council(cid, navn, ctype or CouncilType.REGIONRAD))
    return out


def _medlemmer(
    raw: RawTable,
    cols: _Columns,
    problems: Problems,
    councils: dict[str, Council],
    municipalities: MunicipalityIndex,
) -> list[CouncilMembership]:
    c = Cells("regionrad_medlemmer", problems)
    g = {name: cols.getter(name) for name in TABLES["regionrad_medlemmer"].columns}
    out = []
    for row, cells in raw.rows:
        cid = g["regionrad_id"](cells)
        if not cid:
            c.error(row, "regionrad_id", "regionrad_id mangler")
        elif cid not in councils:
            c.error(row, "regionrad_id", f"ukjent regionråd «{cid}»")
        knr = c.kommunenummer(g["kommunenummer"](cells), row, "kommunenummer")
        if not g["kommunenummer"](cells):
            c.error(row, "kommunenummer", "kommunenummer mangler")
        elif knr is not None and not municipalities.known(knr):
            c.error(row, "kommunenummer", f"ukjent kommunenummer {knr}")
        fra = c.year(g["fra"](cells), row, "fra")
        til = c.year(g["til"](cells), row, "til")
        if fra is not None and til is not None and til <= fra:
            c.error(row, "til", f"til {til} er ikke etter fra {fra}")
        if cid and knr:
            out.append(CouncilMembership(cid, knr, fra, til))
    return out
