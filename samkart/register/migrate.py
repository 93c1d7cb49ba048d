"""Carrying a register through municipal changes (``samkart migrate``, ``docs/spec/cli.md``).

One operation, :func:`plan_migration`, works out everything: which participations end because their
municipality ceased, which rows continue under the successor from the year of the change, which
merged partners become one participation, where a host moves, and which splits still need a
decision. Its result, a :class:`Plan`, carries the migrated register when it is complete; the CLI
and the web page only show the plan and write that register. Nothing is ever carried over silently:
every change is a line of the plan and a row of the register (the old row ends the year of the
change, a new row starts then), so the years before a change count exactly as before.

A hypothetical reform (``--reform``) is the same operation with extra changes and municipalities
(:func:`reform_changes`): arrangements whose participants all end up in one municipality stop being
inter-municipal, marked as ended in the reform year with a note.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from samkart.domain.codes import Role
from samkart.domain.entities import Arrangement, Participation
from samkart.domain.years import overlaps
from samkart.i18n import gettext as _
from samkart.reference import Change, load_reference
from samkart.register.load import ceases
from samkart.register.model import Register
from samkart.register.problems import Problem, Problems

# Kinds of change after which the old number no longer exists. A boundary adjustment
# (grenseendring) or a new name leaves the municipality in place.
ENDING_KINDS = frozenset({"sammenslaing", "deling", "nytt_nummer", "fylkesbytte"})


class MigrationError(Exception):
    """The register, the decisions or the reform cannot be used; carries every located problem."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(p.line() for p in self.problems))


@dataclass(frozen=True, slots=True)
class Decision:
    """One row of a decisions file: in arrangement ``ordning_id`` the split municipality
    ``kommunenummer`` continues as ``ny_kommunenummer`` (one row per successor kept)."""

    ordning_id: str
    kommunenummer: str
    ny_kommunenummer: str
    row: int = 0


@dataclass(frozen=True, slots=True)
class Step:
    """One change of the plan, one line when printed."""

    kind: str
    """``fortsetter`` (continues under a successor), ``slaes_sammen`` (merged partners become one
    participation), ``vertskommune`` (the host moves), ``deles`` (a split decided), ``slutter``
    (ends, no successor known) or ``intern`` (an arrangement stops being inter-municipal)."""
    ordning_id: str
    year: int
    old: tuple[str, ...]
    new: tuple[str, ...]
    text: str


@dataclass(frozen=True, slots=True)
class Needed:
    """A decision still needed: the split municipality's participation in an arrangement."""

    ordning_id: str
    ordning_navn: str
    kommunenummer: str
    kommune: str
    year: int
    successors: tuple[tuple[str, str], ...]
    """(number, name) of each successor to choose from."""

    def line(self) -> str:
        options = ", ".join(f"{n} {name}" for n, name in self.successors)
        return _("beslutning trengs: {aid} «{navn}»: {knr} {kommune} ble delt {year} "
                 "(velg blant {options})").format(
            aid=self.ordning_id, navn=self.ordning_navn, knr=self.kommunenummer,
            kommune=self.kommune, year=self.year, options=options)


@dataclass(frozen=True, slots=True)
class Plan:
    to_year: int
    steps: tuple[Step, ...]
    needed: tuple[Needed, ...]
    warnings: tuple[Problem, ...]
    register: Register
    """The migrated register (the original's participations untouched where a decision is
    still needed)."""

    @property
    def complete(self) -> bool:
        return not self.needed

    @property
    def changed(self) -> bool:
        return bool(self.steps)


def read_text(path: Path | str, name: str) -> str:
    """A small CSV file of the user's (decisions, a reform) as text; a located error when it
    cannot be read."""
    try:
        return Path(path).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise MigrationError([_problem(name, 0, "", _("kan ikke leses: {e}").format(e=exc))]) \
            from None


def read_decisions(path: Path | str, name: str = "beslutninger") -> list[Decision]:
    """A decisions CSV (``ordning_id,kommunenummer,ny_kommunenummer``; comma or semicolon)."""
    return parse_decisions(read_text(path, name), name)


def parse_decisions(text: str, name: str = "beslutninger") -> list[Decision]:
    rows = _csv_rows(text, name, ("ordning_id", "kommunenummer", "ny_kommunenummer"))
    return [Decision(r["ordning_id"], _knr(r["kommunenummer"]), _knr(r["ny_kommunenummer"]), i)
            for i, r in rows]


def _knr(text: str) -> str:
    return text.zfill(4) if text.isdigit() else text


def _csv_rows(text: str, name: str, columns: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise MigrationError([_problem(name, 0, "", _("tom fil"))])
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    missing = [c for c in columns if c not in header]
    if missing:
        raise MigrationError([_problem(name, 0, c, _("påkrevd kolonne mangler")) for c in missing])
    out = []
    for i, cells in enumerate(reader, start=1):
        if not any(c.strip() for c in cells):
            continue
        row = {h: (cells[j].strip() if j < len(cells) else "") for j, h in enumerate(header)}
        for c in columns:
            if not row.get(c):
                raise MigrationError([_problem(name, i, c, _("{c} mangler").format(c=c))])
        out.append((i, row))
    return out


def _problem(table: str, row: int, column: str, message: str) -> Problem:
    p = Problems()
    p.error(table, row, column, message)
    return p.items[0]


@dataclass(slots=True)
class _Work:
    """What the planner builds up for one arrangement."""

    rows: list[Participation] = field(default_factory=list)
    host: str | None = None


def plan_migration(
    register: Register,
    to_year: int,
    decisions: Iterable[Decision] = (),
    *,
    extra_changes: Sequence[Change] = (),
    reform_year: int | None = None,
    decisions_name: str = "beslutninger",
) -> Plan:
    """The plan that carries ``register`` through the changes taking effect up to 1 January of
    ``to_year``: the register's own and bundled changes, plus ``extra_changes`` (a reform, whose
    municipalities must already be in ``register.municipalities``). Raises :class:`MigrationError`
    for decisions that name what is not there."""
    changes = (*(register.changes or load_reference().changes), *extra_changes)
    successors: dict[tuple[str, int], list[str]] = defaultdict(list)
    for c in changes:
        if c.kind in ENDING_KINDS and c.from_number != c.to_number \
                and c.to_number not in successors[(c.from_number, c.year)]:
            successors[(c.from_number, c.year)].append(c.to_number)
    index = register.municipalities
    decided = _check_decisions(register, decisions, decisions_name, successors)
    used: set[int] = set()

    steps: list[Step] = []
    needed: list[Needed] = []
    warnings = Problems()
    arrangements = dict(register.arrangements)
    by_arrangement: dict[str, list[Participation]] = defaultdict(list)
    for p in register.participations:
        by_arrangement[p.ordning_id].append(p)

    def name(number: str, year: int | None) -> str:
        m = (index.valid(number, year) if year is not None else None) or index.any_version(number)
        return m.navn if m else number

    new_participations: list[Participation] = []
    for aid, a in arrangements.items():
        work = _Work(host=a.vertskommune)
        origins: dict[tuple[str, int], list[str]] = defaultdict(list)
        given = by_arrangement.pop(aid, [])
        pending = list(given)
        blocked = False
        steps_here: list[Step] = []  # this arrangement's lines, dropped if it must wait
        while pending:
            p = pending.pop(0)
            start = p.fra if p.fra is not None else a.etablert
            version = index.valid(p.kommunenummer, start) if start is not None \
                else index.any_version(p.kommunenummer)
            ends = ceases(index, version)
            end = _min(p.til, a.avviklet)
            if ends is None or ends > to_year or (end is not None and end <= ends):
                work.rows.append(p)
                continue
            old = p.kommunenummer
            is_host = work.host == old
            nexts = successors.get((old, ends), [])
            split = len(nexts) > 1
            if split:
                chosen = [d for d in decided.get((aid, old), []) if d.ny_kommunenummer in nexts]
                wrong = [d for d in decided.get((aid, old), []) if d.ny_kommunenummer not in nexts]
                if wrong:
                    raise MigrationError([_problem(
                        decisions_name, d.row, "ny_kommunenummer",
                        _("{new} er ikke en etterfølger av {old} ({options})").format(
                            new=d.ny_kommunenummer, old=old, options=", ".join(nexts)))
                        for d in wrong])
                if not chosen:
                    needed.append(Needed(aid, a.navn, old, name(old, ends - 1), ends,
                                         tuple((n, name(n, ends)) for n in nexts)))
                    blocked = True
                    work.rows.append(p)
                    continue
                used.update(d.row for d in chosen)
                nexts = [d.ny_kommunenummer for d in chosen]
                steps_here.append(Step("deles", aid, ends, (old,), tuple(nexts), _(
                    "{aid}: {old} {oldname} ble delt {year}; deltakelsen fortsetter i {new} "
                    "(beslutning)").format(aid=aid, old=old, oldname=name(old, ends - 1),
                                            year=ends, new=_names(nexts, name, ends))))
            rolle = Role.VERTSKOMMUNE if is_host else p.rolle
            work.rows.append(replace(p, til=ends, rolle=rolle))
            if not nexts:
                steps_here.append(Step("slutter", aid, ends, (old,), (), _(
                    "{aid}: {old} {oldname} opphørte {year} uten kjent etterfølger; deltakelsen "
                    "slutter {year}").format(aid=aid, old=old, oldname=name(old, ends - 1),
                                            year=ends)))
                continue
            if not split:
                steps_here.append(Step("fortsetter", aid, ends, (old,), tuple(nexts), _(
                    "{aid}: {old} {oldname} → {new} fra {year}").format(
                    aid=aid, old=old, oldname=name(old, ends - 1), new=_names(nexts, name, ends),
                    year=ends)))
            for n in nexts:
                origins[(n, ends)].append(old)
                pending.append(Participation(aid, n, ends, p.til, rolle, dict(p.extra)))
            if is_host:
                # A split host continues as the first successor the decisions keep.
                work.host = nexts[0]
                steps_here.append(Step("vertskommune", aid, ends, (old,), (nexts[0],), _(
                    "{aid}: vertskommunen {old} → {new} fra {year}").format(
                    aid=aid, old=old, new=nexts[0], year=ends)))
        if blocked:
            # The arrangement waits for its decision as a whole: nothing of it changes yet.
            work = _Work(rows=list(given), host=a.vertskommune)
            steps_here = []
        rows, merged = _merge(work.rows)
        for into, year, existing in merged:
            numbers = (*((into,) if existing else ()), *origins.get((into, year), ()))
            steps_here.append(Step("slaes_sammen", aid, year, numbers, (into,), _(
                "{aid}: {numbers} blir én deltakelse for {into} {name} fra {year}").format(
                aid=aid, numbers=", ".join(numbers) or into, into=into, name=name(into, year),
                year=year)))
        if work.host != a.vertskommune:
            arrangements[aid] = replace(a, vertskommune=work.host)
        if reform_year is not None and not blocked:
            rows, arrangements[aid], step = _internal(arrangements[aid], rows, reform_year, name,
                                                      a.vertskommune)
            if step is not None:
                # Carried over and at once internal: the plan says only that.
                steps_here = [s for s in steps_here if s.year != reform_year]
                steps_here.append(step)
        steps.extend(steps_here)
        new_participations.extend(rows)
    for d in (d for ds in decided.values() for d in ds):
        if d.row not in used:
            warnings.warning(decisions_name, d.row, "kommunenummer", _(
                "beslutningen trengs ikke: {knr} er ikke delt mens den deltar i {aid} "
                "(innen {year})").format(knr=d.kommunenummer, aid=d.ordning_id, year=to_year))
    migrated = replace(register, arrangements=arrangements, participations=new_participations)
    return Plan(to_year, tuple(steps), tuple(needed), tuple(warnings.items), migrated)


def _names(numbers: Sequence[str], name, year: int) -> str:
    return ", ".join(f"{n} {name(n, year)}" for n in numbers)


def _min(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def _merge(rows: list[Participation]) -> tuple[list[Participation], list[tuple[str, int, bool]]]:
    """Rows of one municipality in one arrangement that overlap become one participation (merged
    partners continuing under one successor, or joining a municipality that goes on under its
    number). The original rows never overlap (the loader refuses that), so only rows the migration
    made merge. Returns the rows and, for each merge, (number, year, whether the row it merged
    into was already there)."""
    out: list[Participation] = []
    merged: list[tuple[str, int, bool]] = []
    seen: dict[str, list[int]] = defaultdict(list)
    for p in rows:
        target = next((i for i in seen[p.kommunenummer]
                       if overlaps(out[i].fra, out[i].til, p.fra, p.til)), None)
        if target is None:
            seen[p.kommunenummer].append(len(out))
            out.append(p)
            continue
        q = out[target]
        fra = None if q.fra is None or p.fra is None else min(q.fra, p.fra)
        til = None if q.til is None or p.til is None else max(q.til, p.til)
        rolle = Role.VERTSKOMMUNE if Role.VERTSKOMMUNE in (q.rolle, p.rolle) else q.rolle
        out[target] = replace(q, fra=fra, til=til, rolle=rolle)
        year = p.fra if p.fra is not None else 0
        entry = (q.kommunenummer, year, q.fra != year)
        if entry not in merged:
            merged.append(entry)
    return out, merged


def _internal(
    a: Arrangement, rows: list[Participation], year: int, name, host: str | None
) -> tuple[list[Participation], Arrangement, Step | None]:
    """After a reform: an arrangement still active in ``year`` whose participants then are all
    one municipality is no longer inter-municipal. It ends in ``year`` with a note; its rows end
    then too (the new municipality's row starting that year is dropped)."""
    if not a.active_in(year):
        return rows, a, None
    then = {p.kommunenummer for p in rows if p.active_in(year, a)}
    before = {p.kommunenummer for p in rows if p.active_in(year - 1, a)}
    if len(then) != 1 or len(before) < 2:
        return rows, a, None
    only = next(iter(then))
    note = _("Blir intern i {knr} {navn} ved reformen {year} (hva-om-reform).").format(
        knr=only, navn=name(only, year), year=year)
    # It ends as it was: with its host of the years it was inter-municipal.
    ended = replace(a, avviklet=year, merknad=(a.merknad + "\n" + note).strip(),
                    vertskommune=host)
    kept = [p for p in rows if (p.fra if p.fra is not None else a.etablert or 0) < year]
    step = Step("intern", a.id, year, (), (only,), _(
        "{aid}: alle deltakere blir {knr} {navn} fra {year}; ordningen blir intern og avvikles "
        "{year}").format(aid=a.id, knr=only, navn=name(only, year), year=year))
    return kept, ended, step


def _check_decisions(
    register: Register, decisions: Iterable[Decision], table: str,
    successors: dict[tuple[str, int], list[str]],
) -> dict[tuple[str, str], list[Decision]]:
    """Decisions by (arrangement, split municipality); each must name an arrangement of the
    register and a municipality that takes part in it, itself or through its predecessors."""
    problems = Problems()
    out: dict[tuple[str, str], list[Decision]] = defaultdict(list)
    later: dict[str, set[str]] = defaultdict(set)
    for (old, _year), news in successors.items():
        later[old].update(news)
    members: dict[str, set[str]] = defaultdict(set)
    for p in register.participations:
        members[p.ordning_id].add(p.kommunenummer)
    for numbers in members.values():
        todo = list(numbers)
        while todo:
            for n in later.get(todo.pop(), ()):
                if n not in numbers:
                    numbers.add(n)
                    todo.append(n)
    for d in decisions:
        if d.ordning_id not in register.arrangements:
            problems.error(table, d.row, "ordning_id", _("ukjent ordning «{aid}»").format(
                aid=d.ordning_id))
            continue
        if d.kommunenummer not in members[d.ordning_id]:
            problems.error(table, d.row, "kommunenummer", _(
                "{knr} deltar ikke i «{aid}»").format(knr=d.kommunenummer, aid=d.ordning_id))
            continue
        if not register.municipalities.known(d.ny_kommunenummer):
            problems.error(table, d.row, "ny_kommunenummer", _(
                "ukjent kommunenummer {knr}").format(knr=d.ny_kommunenummer))
            continue
        out[(d.ordning_id, d.kommunenummer)].append(d)
    if problems.has_errors:
        raise MigrationError(problems.items)
    return out


def revalidated(register: Register) -> Register:
    """``register`` read back as ``validate`` reads a file of it: the register to write when it is
    valid; a :class:`MigrationError` with its errors otherwise (nothing is then written)."""
    from samkart.register.containers import RawTable, cell_text
    from samkart.register.load import build_register
    from samkart.register.write import register_tables

    raw = {}
    for name, (columns, rows) in register_tables(register).items():
        raw[name] = RawTable(name, list(columns), [
            (i + 1, [cell_text(v) for v in row]) for i, row in enumerate(rows)])
    problems = Problems()
    checked = build_register(raw, problems, load_reference())
    if checked is None:
        raise MigrationError([p for p in problems.sorted() if p.severity.value == "error"])
    return checked


def csv_delimiter(path: Path) -> str:
    """The separator a CSV register (folder or zip) uses, so a rewrite keeps it."""
    import zipfile

    try:
        if path.is_dir():
            first = (path / "ordninger.csv").read_text("utf-8-sig").split("\n", 1)[0]
        elif path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as z:
                name = next(n for n in z.namelist() if n.lower().endswith("ordninger.csv"))
                first = z.read(name).decode("utf-8-sig").split("\n", 1)[0]
        else:
            return ","
    except (OSError, StopIteration, UnicodeDecodeError, zipfile.BadZipFile):
        return ","
    return ";" if first.count(";") > first.count(",") else ","
