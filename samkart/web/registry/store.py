"""Between the database and the domain: snapshots, validation, the Register, imports.

An arrangement travels as a *snapshot*: its contract columns and its participants, as plain JSON
values. Snapshots are what history records, what a revert restores, what a proposal carries and what
validation checks. Validation runs the very same code as ``samkart validate`` on a one-arrangement
register, so a form gets the same messages as a file (``ordninger:1:vertskommune: ...``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from threading import Lock
from typing import Any, NotRequired, TypedDict, TypeVar

from django.db import connection, transaction

from samkart.analysis.yearview import YearView
from samkart.domain.codes import CodeList
from samkart.domain.entities import ReportText as ReportTextEntry
from samkart.reference import load_reference
from samkart.register.containers import RawTable
from samkart.register.load import build_register
from samkart.register.model import Register
from samkart.register.problems import Problem, Problems, Severity
from samkart.register.schema import DELTAKERE, ORDNINGER, Column, Kind
from samkart.web.registry.cache import objects
from samkart.web.registry.models import (
    Arrangement,
    Change,
    DataVersion,
    MappingRound,
    Participation,
    Proposal,
    ReportText,
    TextChange,
)

T = TypeVar("T")

Value = str | int | float | bool | None


class ParticipantSnapshot(TypedDict):
    kommunenummer: str
    fra: int | None
    til: int | None
    rolle: str
    extra: NotRequired[dict[str, str]]
    """Columns of ``deltakere`` beyond the contract's (e.g. Enhetsregisteret's ``ansvarsandel``),
    kept as they were read; absent when there are none."""


def participant_snapshot(kommunenummer: str, fra: int | None, til: int | None, rolle: str,
                         extra: Mapping[str, str] | None) -> ParticipantSnapshot:
    out: ParticipantSnapshot = {"kommunenummer": kommunenummer, "fra": fra, "til": til,
                                "rolle": rolle}
    if extra:
        out["extra"] = dict(extra)
    return out


class Snapshot(TypedDict):
    """An arrangement as JSON: its columns of ``ordninger`` by name (empty as None, codes as
    their code, numbers as floats), its participants, and its extra columns."""

    fields: dict[str, Value]
    deltakere: list[ParticipantSnapshot]
    extra: dict[str, str]


ORD_COLUMNS = ORDNINGER.columns
DEL_COLUMNS = tuple(c for c in DELTAKERE.columns if c != "ordning_id")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def snapshot_value(column: Column, value: object) -> Value:
    """A column's value (from the database or a domain entity) as a snapshot holds it."""
    if value is None or value == "" or value == ():
        return None
    if isinstance(value, CodeList):
        return value.code
    kind = column.kind
    if kind is Kind.CODES and isinstance(value, tuple):
        return ";".join(value)
    if kind is Kind.NUMBER:
        return float(value)  # type: ignore[arg-type]
    if kind in (Kind.YEAR, Kind.INTEGER):
        return int(value)  # type: ignore[call-overload]
    if kind is Kind.BOOLEAN:
        return bool(value)
    return str(value)


def _sorted(participants: list[ParticipantSnapshot]) -> list[ParticipantSnapshot]:
    return sorted(participants, key=lambda p: (p["kommunenummer"], p["fra"] or 0))


def snapshot(a: Arrangement) -> Snapshot:
    """The arrangement's contract columns and participants as JSON values."""
    fields = {c.name: snapshot_value(c, getattr(a, "key" if c.name == "id" else c.name))
              for c in ORDNINGER.spec}
    participants = [participant_snapshot(p.kommunenummer, p.fra, p.til, p.rolle, p.extra)
                    for p in a.participations.all()]
    return {"fields": fields, "deltakere": _sorted(participants), "extra": dict(a.extra or {})}


def check(fields: Mapping[str, Any], participants: Sequence[Mapping[str, Any]],
          extra: Mapping[str, Any] | None = None) -> tuple[Snapshot | None, list[Problem]]:
    """Validate an arrangement given as cell values (text from a form, or a snapshot's values) as
    a one-arrangement register, with the same code and messages as ``samkart validate``. Returns
    the typed snapshot (None when there are errors) and every problem. ``extra`` are the columns
    beyond the contract's, kept as they were."""
    problems = Problems()
    ordninger = RawTable("ordninger", list(ORD_COLUMNS),
                         [(1, [_text(fields.get(c)) for c in ORD_COLUMNS])])
    more = _extra_columns(p.get("extra") for p in participants)
    deltakere = RawTable("deltakere", ["ordning_id", *DEL_COLUMNS, *more], [
        (i + 1, [_text(fields.get("id")), *(_text(p.get(c)) for c in DEL_COLUMNS),
                 *((p.get("extra") or {}).get(c, "") for c in more)])
        for i, p in enumerate(participants)
    ])
    register = build_register({"ordninger": ordninger, "deltakere": deltakere}, problems,
                              load_reference())
    # A replaced arrangement elsewhere in the database is not a problem of this one, nor are
    # the participants' own extra columns (kept on purpose).
    found = [p for p in problems.sorted()
             if not (p.column == "erstatter" and p.severity.value == "warning")
             and not (p.table == "deltakere" and p.row == 0 and p.column in more)]
    found += length_problems({c: _text(fields.get(c)) for c in ORD_COLUMNS}, 1)
    if register is None or any(p.severity is Severity.ERROR for p in found):
        return None, found
    snap = register_snapshots(register)[str(fields.get("id"))]
    snap["extra"] = dict(extra or {})
    return snap, found


# The register format sets no lengths; the database does (and a page with a 5,000-character name is
# of no use): the longest text kept per column is the model field's max_length.
def length_problems(fields: Mapping[str, Any], row: int) -> list[Problem]:
    """An error for each column of ``ordninger`` longer than the database keeps."""
    out = []
    for c in ORD_COLUMNS:
        value = fields.get(c)
        if not isinstance(value, str):
            continue
        limit = Arrangement._meta.get_field("key" if c == "id" else c).max_length
        if limit is not None and len(value) > limit:
            out.append(Problem(Severity.ERROR, "ordninger", row, c,
                               f"teksten har {len(value)} tegn; registeret tar høyst {limit}"))
    return out


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity.value == "error"]


@transaction.atomic
def apply(a: Arrangement | None, snap: Snapshot) -> Arrangement:
    """Write a (validated) snapshot: the arrangement's fields and all its participants."""
    fields = snap["fields"]
    if a is None:
        a = Arrangement(key=fields["id"])
    else:
        a.version += 1
    for c in ORD_COLUMNS:
        if c == "id":
            continue
        value = fields.get(c)
        model_field = Arrangement._meta.get_field(c)
        if value is None and not model_field.null:
            value = model_field.default if model_field.has_default() else ""
        setattr(a, c, value)
    a.extra = snap.get("extra") or {}
    a.save()
    a.participations.all().delete()
    Participation.objects.bulk_create([
        Participation(arrangement=a, kommunenummer=p["kommunenummer"], fra=p.get("fra"),
                      til=p.get("til"), rolle=p.get("rolle") or "deltaker",
                      extra=p.get("extra") or {})
        for p in snap["deltakere"]
    ])
    return a


_writing: ContextVar[bool] = ContextVar("samkart_writing", default=False)


@contextmanager
def writing() -> Iterator[None]:
    """A transaction that writes to the register. Its last statement, before the commit, moves
    the data version's counter (:class:`~samkart.web.registry.models.DataVersion`): the counter
    row's lock makes the next write wait to move it until this one has committed, so the count
    moves in the order writes commit; taken last, it holds no write up for longer than a commit,
    and whoever holds it waits for no other lock (no deadlock). Nested, only the outermost moves
    it; a write that fails moves nothing."""
    if _writing.get():
        with transaction.atomic():
            yield
        return
    token = _writing.set(True)
    try:
        with transaction.atomic():
            yield
            _count_write()
    finally:
        _writing.reset(token)


def _count_write() -> None:
    update = f"UPDATE {DataVersion._meta.db_table} SET n = n + 1 WHERE id = 1"
    with connection.cursor() as cursor:
        cursor.execute(update)
        if cursor.rowcount:
            return
    # A database made without the migration's row: make it, and count this write in it.
    DataVersion.objects.get_or_create(id=1, defaults={"n": 0})
    with connection.cursor() as cursor:
        cursor.execute(update)


def record(user, key: str, action: str, before: Snapshot | None, after: Snapshot | None,
           note: str = "") -> Change:
    return Change.objects.create(arrangement_key=key, user=user if user and user.is_authenticated
                                 else None, action=action, before=before, after=after, note=note)


# -- the whole register -------------------------------------------------------------------------

# Within a request that only reads, the version is looked up once (two queries, about a
# millisecond) instead of at every use; see steady_version().
_request_version: ContextVar[dict | None] = ContextVar("samkart_request_version", default=None)


def data_version() -> tuple:
    """The state of the data: the count of writes (:func:`writing`), and since changes only
    ever add rows to Change, its highest id (with the count of arrangements, for a database
    filled without history)."""
    memo = _request_version.get()
    if memo is not None and "version" in memo:
        return memo["version"]
    # One round trip (subqueries), not several: every request that reads asks. It also counts
    # the open proposals (not part of the data: see open_proposals).
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT (SELECT n FROM {DataVersion._meta.db_table} WHERE id = 1), "
                       f"(SELECT MAX(id) FROM {Change._meta.db_table}), "
                       f"(SELECT COUNT(*) FROM {Arrangement._meta.db_table}), "
                       f"(SELECT MAX(id) FROM {TextChange._meta.db_table}), "
                       f"(SELECT COUNT(*) FROM {MappingRound._meta.db_table}), "
                       f"(SELECT COUNT(*) FROM {Proposal._meta.db_table} WHERE status = %s)",
                       [Proposal.OPEN])
        writes, highest, count, texts, rounds, proposals = cursor.fetchone()
    # The analyst's texts and the mapping rounds are part of the register (the report prints
    # them): a text's change moves the version as an arrangement's does. The count of writes
    # orders them (see DataVersion); the rest still tells a database written without it.
    version = (writes, highest, count) if texts is None and not rounds else (
        writes, highest, count, texts, rounds)
    if memo is not None:
        memo["version"] = version
        memo["open-proposals"] = proposals
    return version


def open_proposals() -> int:
    """How many proposals await a decision, as of the request's look at the data version (one
    round trip for both): pages ask for an arrangement's open proposals only when there are
    any at all."""
    memo = _request_version.get()
    if memo is None:
        return Proposal.objects.filter(status=Proposal.OPEN).count()
    data_version()
    return memo["open-proposals"]


@contextmanager
def steady_version() -> Iterator[None]:
    """Take the data version as it is at the first look for the rest of the block: for
    requests that only read (a page then shows one state of the data throughout)."""
    token = _request_version.set({})
    try:
        yield
    finally:
        _request_version.reset(token)


# One build at a time per process: a burst of requests after a change waits for one build
# instead of each making its own.
_build_lock = Lock()


def _current(version: tuple) -> None:
    """Empty the object cache when the data version has moved on: what it holds was computed from
    older data (and would otherwise keep old registers alive until pushed out)."""
    cache = objects()
    if cache.get("data-version") != version:
        cache.clear()
        cache.set("data-version", version, timeout=None)


def current_register() -> Register:
    """The database as a domain Register (kept until the data changes)."""
    version = data_version()
    key = f"register:{version}"
    register = objects().get(key)
    if register is None:
        with _build_lock:
            register = objects().get(key)
            if register is None:
                register = _build()
                _current(version)
                objects().set(key, register, timeout=None)
    return register


def memo(key: tuple, compute: Callable[[], T]) -> T:
    """A value computed from the current data, kept while the data is unchanged (so it can never
    be stale): a year's YearView, map drawings, sorted lists for the API, reports."""
    version = data_version()
    name = f"memo:{version}:{key!r}"
    hit = objects().get(name, _NONE)
    if hit is not _NONE:
        return hit
    current_register()  # builds, and empties the cache of older data, first
    value = compute()
    objects().set(name, value, timeout=None)
    return value


_NONE = object()


def revertable() -> set[str]:
    """The arrangements with a change that can be reverted (one that had a state before it),
    read once per data version: their history offers an editor revert buttons."""
    return memo(("revertable",), lambda: set(
        Change.objects.filter(before__isnull=False).values_list("arrangement_key", flat=True)))


def versions() -> dict[str, int]:
    """Each arrangement's version (the optimistic lock's counter), read once per data version
    (for lists): every save that moves a version records a Change, which moves the data version.
    A form that posts a version back reads it with :func:`version_of` instead."""
    return memo(("versions",),
                lambda: dict(Arrangement.objects.values_list("key", "version")))


def version_of(key: str) -> int | None:
    """One arrangement's version as the database has it now (one indexed row): the version an
    edit form posts back is read afresh, never taken from what is kept per data version."""
    q = connection.ops.quote_name
    field = Arrangement._meta.get_field
    with connection.cursor() as cursor:  # one indexed row; written out, as on every page
        cursor.execute(f"SELECT {q(field('version').column)} FROM "
                       f"{q(Arrangement._meta.db_table)} WHERE {q(field('key').column)} = %s",
                       [key])
        row = cursor.fetchone()
    return row[0] if row else None


def year_view(year: int) -> YearView:
    """The current register as of ``year``: every page and API call of a year shares one
    YearView instead of applying the rules again."""
    return memo(("year-view", year), lambda: YearView(current_register(), year))


_PARTICIPATION = ("participations__kommunenummer", "participations__fra", "participations__til",
                  "participations__rolle", "participations__extra")


def _extra_columns(extras: Iterable[Mapping[str, str] | None],
                   contract: Sequence[str] = ("ordning_id", *DEL_COLUMNS)) -> list[str]:
    """The extra columns of some rows, in the order first seen (the contract's never)."""
    seen: dict[str, None] = {}
    for extra in extras:
        for name in extra or ():
            if name not in contract:
                seen.setdefault(name)
    return list(seen)


def _build() -> Register:
    """The database as a Register. Read in ONE statement (arrangements left-joined with their
    participations), so that it sees one state of the data: read in two, a create between them
    gave participations of an arrangement the first read had not seen (the probe's 500s)."""
    columns = ["key" if c == "id" else c for c in ORD_COLUMNS]
    rows = (Arrangement.objects.order_by("id", "participations__id")
            .values_list(*columns, "extra", *_PARTICIPATION))
    width = len(columns)
    arrangements: dict[str, tuple] = {}
    extras: dict[str, dict] = {}
    participations: list[tuple[list[str], dict[str, str]]] = []
    for row in rows:
        key = row[0]
        if key not in arrangements:
            arrangements[key] = row[:width]
            if row[width]:
                extras[key] = row[width]
        kommunenummer, fra, til, rolle, extra = row[width + 1:]
        if kommunenummer is not None:
            participations.append(([key, kommunenummer, _text(fra), _text(til), rolle],
                                   extra or {}))
    own = _extra_columns(extras.values(), ORD_COLUMNS)
    ordninger = RawTable("ordninger", [*ORD_COLUMNS, *own], [
        (i + 1, [*(_text(v) for v in values),
                 *(extras.get(values[0], {}).get(c, "") for c in own)])
        for i, values in enumerate(sorted(arrangements.values(), key=lambda r: r[0]))])
    # Extra columns travel as columns, so the register carries them (and writes them) as it
    # would from a file.
    more = _extra_columns(extra for _cells, extra in participations)
    deltakere = RawTable("deltakere", ["ordning_id", *DEL_COLUMNS, *more],
                         [(i + 1, [*cells, *(extra.get(c, "") for c in more)])
                          for i, (cells, extra) in enumerate(participations)])
    problems = Problems()
    tables = {"ordninger": ordninger, "deltakere": deltakere, **_rounds_and_texts()}
    register = build_register(tables, problems, load_reference())
    if register is None:  # every write is validated first; this is a broken database
        raise RuntimeError("databasen inneholder et ugyldig register: "
                           + "; ".join(p.line() for p in problems.sorted()[:5]))
    return register


def _rounds_and_texts() -> dict[str, RawTable]:
    """The mapping rounds and the analyst's texts as the register's tables (only when there are
    any: a register without them is read as before)."""
    out: dict[str, RawTable] = {}
    rounds = list(MappingRound.objects.values_list("fylkesnummer", "ar", "dato", "kilde"))
    if rounds:
        out["kartlegginger"] = RawTable("kartlegginger", ["fylkesnummer", "ar", "dato", "kilde"], [
            (i + 1, [f, str(a), d, k]) for i, (f, a, d, k) in enumerate(rounds)])
    texts = list(ReportText.objects.values_list("kapittel", "fylkesnummer", "ar", "tittel",
                                                "tekst"))
    if texts:
        out["tekster"] = RawTable("tekster", ["kapittel", "fylkesnummer", "ar", "tittel", "tekst"],
                                  [(i + 1, [k, f, str(a or ""), t, x])
                                   for i, (k, f, a, t, x) in enumerate(texts)])
    return out


# -- imports ------------------------------------------------------------------------------------

@dataclass
class ImportPlan:
    """What an import would do: arrangements created, changed (of which ended) and unchanged."""

    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    ended: list[str] = field(default_factory=list)
    unchanged: int = 0
    untouched: int = 0  # in the database, not in the file: left as they are
    snapshots: dict[str, Snapshot] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # what the database cannot keep
    # Tables of the file an import does not take in (kartlegginger), with their rows.
    not_imported: dict[str, int] = field(default_factory=dict)
    # The file's analyst texts (``tekster``), imported through changes.plan_texts/import_texts.
    texts: list[ReportTextEntry] = field(default_factory=list)

    @property
    def created_snapshots(self) -> dict[str, Snapshot]:
        return {k: self.snapshots[k] for k in self.created}

    @property
    def changed_snapshots(self) -> dict[str, Snapshot]:
        return {k: self.snapshots[k] for k in self.changed}


def register_snapshots(register: Register) -> dict[str, Snapshot]:
    """Each arrangement of a loaded register as a snapshot."""
    out: dict[str, Snapshot] = {
        a.id: {"fields": {c.name: snapshot_value(c, getattr(a, c.attr)) for c in ORDNINGER.spec},
               "deltakere": [], "extra": dict(a.extra)}
        for a in register.arrangements.values()}
    for p in register.participations:
        out[p.ordning_id]["deltakere"].append(
            participant_snapshot(p.kommunenummer, p.fra, p.til, p.rolle.code, p.extra))
    for snap in out.values():
        snap["deltakere"] = _sorted(snap["deltakere"])
    return out


def participations_of(register: Register, key: str) -> list:
    """The participations of one arrangement (an index of the register, made once per data
    version)."""
    def index() -> dict[str, list]:
        out: dict[str, list] = {}
        for p in register.participations:
            out.setdefault(p.ordning_id, []).append(p)
        return out

    return memo(("participations-by-arrangement",), index).get(key, [])


def register_snapshot(register: Register, key: str) -> Snapshot:
    """One arrangement of a loaded register as a snapshot (as :func:`snapshot` gives it from the
    database)."""
    a = register.arrangements[key]
    return {"fields": {c.name: snapshot_value(c, getattr(a, c.attr)) for c in ORDNINGER.spec},
            "deltakere": _sorted([participant_snapshot(p.kommunenummer, p.fra, p.til,
                                                       p.rolle.code, p.extra)
                                  for p in participations_of(register, key)]),
            "extra": dict(a.extra)}


def plan_import(register: Register) -> ImportPlan:
    plan = ImportPlan(snapshots=register_snapshots(register))
    for key, snap in plan.snapshots.items():
        plan.problems += length_problems(snap["fields"], register.rows.get(key, 0))
    existing = {a.key: a for a in Arrangement.objects.prefetch_related("participations")}
    for key, snap in plan.snapshots.items():
        a = existing.get(key)
        if a is None:
            plan.created.append(key)
            continue
        before = snapshot(a)
        if _same(before, snap):
            plan.unchanged += 1
            continue
        plan.changed.append(key)
        if before["fields"].get("avviklet") is None and snap["fields"].get("avviklet") is not None:
            plan.ended.append(key)
    plan.untouched = len(set(existing) - set(plan.snapshots))
    return plan


def _same(a: Snapshot, b: Snapshot) -> bool:
    def norm(s: Snapshot) -> tuple:
        f = {k: (None if v in ("", None) else (float(v) if isinstance(v, int | float)
                                               and not isinstance(v, bool) else v))
             for k, v in s["fields"].items()}
        parts = [tuple((p.get(c) if p.get(c) != "" else None) for c in DEL_COLUMNS)
                 for p in s["deltakere"]]
        return tuple(sorted(f.items())), tuple(sorted(parts, key=str))
    return norm(a) == norm(b)
