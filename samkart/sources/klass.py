"""SSB's KLASS, classification 131 (Standard for kommuneinndeling): the municipality versions and
changes a register can carry beyond what this installation's bundled reference data knows
(``samkart reference klass``, ``docs/spec/cli.md``).

Read as KLASS's REST API returns JSON (https://data.ssb.no/api/klass/v1):

* ``GET /classifications/131/codes?from=YYYY-MM-DD&to=YYYY-MM-DD`` or ``/codesAt?date=...``:
  ``{"codes": [{"code", "parentCode", "level", "name", "shortName", "presentationName",
  "validFrom", "validTo", "notes"}, ...]}`` (a range request also gives
  ``validFromInRequestedRange``/``validToInRequestedRange``, used when ``validFrom`` is absent);
* ``GET /classifications/131/changes?from=...&to=...``: ``{"codeChanges": [{"oldCode",
  "oldName", "oldShortName", "newCode", "newName", "newShortName", "changeOccurred"}, ...]}``.

Dates are ISO dates; ``validTo`` is the first day a version no longer holds (KLASS's periods are
half-open, as the register's years are), so a version ending ``2027-01-01`` has ``gyldig_til``
2027.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from samkart.domain.entities import MunicipalChange, Municipality
from samkart.domain.years import overlaps
from samkart.i18n import gettext as _
from samkart.reference import MunicipalityIndex
from samkart.register.model import Register
from samkart.register.problems import Problem, Problems

DEFAULT_BASE_URL = "https://data.ssb.no/api/klass/v1"
API_URL_ENV = "SAMKART_KLASS_URL"
CLASSIFICATION = 131


class KlassError(Exception):
    """A KLASS file or answer that cannot be used; carries every located problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.line() for p in problems))


@dataclass(frozen=True, slots=True)
class KlassCode:
    code: str
    name: str
    valid_from: int | None
    valid_to: int | None
    row: int


@dataclass(frozen=True, slots=True)
class KlassChange:
    old_code: str
    old_name: str
    new_code: str
    new_name: str
    year: int
    row: int


@dataclass(frozen=True, slots=True)
class Update:
    """What a KLASS update adds to a register: its ``kommuner`` rows for the numbers it touches
    (every version of each, as the register's rows replace the bundled versions of a number), the
    new ``kommuneendringer`` rows, and one line a change for people."""

    register: Register
    kommuner: tuple[Municipality, ...]
    changes: tuple[MunicipalChange, ...]
    lines: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.kommuner and not self.changes


def _document(data: bytes | str, name: str, key: str, problems: Problems) -> list[Any] | None:
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        problems.error(name, 0, "", _("ikke JSON ({e})").format(e=exc))
        return None
    items = doc.get(key) if isinstance(doc, dict) else None
    if not isinstance(items, list):
        problems.error(name, 0, key, _("ikke KLASS-JSON: mangler listen «{key}» (svaret fra "
                                        "/classifications/131/{path})").format(
            key=key, path="codes" if key == "codes" else "changes"))
        return None
    return items


def _year(value: Any, name: str, row: int, column: str, problems: Problems,
          end: bool = False) -> int | None:
    """The register's year of a KLASS date: a start holds from its year; an end (exclusive) on
    1 January ends at that year, later in a year at the next."""
    if value is None or value == "":
        return None
    try:
        day = dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        problems.error(name, row, column, _("«{v}» er ikke en dato (ÅÅÅÅ-MM-DD)").format(v=value))
        return None
    if end and (day.month, day.day) != (1, 1):
        return day.year + 1
    return day.year


def _text(item: dict, field: str, name: str, row: int, problems: Problems) -> str:
    value = item.get(field)
    if not isinstance(value, str) or not value.strip():
        problems.error(name, row, field, _("{field} mangler").format(field=field))
        return ""
    return value.strip()


def _code(item: dict, field: str, name: str, row: int, problems: Problems) -> str:
    code = _text(item, field, name, row, problems)
    if code and not (len(code) == 4 and code.isdigit()):
        problems.error(name, row, field, _("«{c}» er ikke et kommunenummer").format(c=code))
        return ""
    return code


def read_codes(data: bytes | str, name: str = "codes") -> list[KlassCode]:
    """The versions of a ``codes``/``codesAt`` answer (rows numbered from 1 in list order)."""
    problems = Problems()
    items = _document(data, name, "codes", problems)
    out: list[KlassCode] = []
    # A range request cuts each version to the range: a version still valid at its end has
    # ``validToInRequestedRange`` equal to the range's end (the latest of them), which is no end.
    range_end = max((str(item.get("validToInRequestedRange") or "") for item in items or []
                     if isinstance(item, dict)), default="")
    for i, item in enumerate(items or [], start=1):
        if not isinstance(item, dict):
            problems.error(name, i, "", _("ikke et KLASS-element"))
            continue
        code = _code(item, "code", name, i, problems)
        navn = _text(item, "name", name, i, problems)
        start = item.get("validFrom") or item.get("validFromInRequestedRange")
        stop = item.get("validTo")
        if not stop and item.get("validToInRequestedRange") not in (None, "", range_end):
            stop = item.get("validToInRequestedRange")
        fra = _year(start, name, i, "validFrom", problems)
        til = _year(stop, name, i, "validTo", problems, end=True)
        if code and navn:
            out.append(KlassCode(code, navn, fra, til, i))
    if problems.has_errors:
        raise KlassError(problems.items)
    return out


def read_changes(data: bytes | str, name: str = "changes") -> list[KlassChange]:
    """The changes of a ``changes`` answer."""
    problems = Problems()
    items = _document(data, name, "codeChanges", problems)
    out: list[KlassChange] = []
    for i, item in enumerate(items or [], start=1):
        if not isinstance(item, dict):
            problems.error(name, i, "", _("ikke et KLASS-element"))
            continue
        old = _code(item, "oldCode", name, i, problems)
        new = _code(item, "newCode", name, i, problems)
        when = item.get("changeOccurred")
        year = _year(when, name, i, "changeOccurred", problems)
        if year is None and when in (None, ""):
            problems.error(name, i, "changeOccurred", _("changeOccurred mangler"))
        if old and new and year is not None:
            out.append(KlassChange(old, str(item.get("oldName") or ""), new,
                                   str(item.get("newName") or ""), year, i))
    if problems.has_errors:
        raise KlassError(problems.items)
    return out


def fetch(base_url: str, start: dt.date, stop: dt.date, timeout: float = 30.0
          ) -> tuple[bytes, bytes]:
    """The ``codes`` and ``changes`` answers for classification 131 between two dates, over
    HTTPS from KLASS's API (``base_url``). Raises :class:`KlassError` when it cannot be read."""
    import httpx2

    base = base_url.rstrip("/")
    params = {"from": start.isoformat(), "to": stop.isoformat()}
    out = []
    with httpx2.Client(timeout=timeout, headers={"Accept": "application/json"}) as client:
        for path in ("codes", "changes"):
            url = f"{base}/classifications/{CLASSIFICATION}/{path}"
            try:
                response = client.get(url, params=params)
                response.raise_for_status()
            except httpx2.HTTPError as exc:
                problems = Problems()
                problems.error(url, 0, "", _("KLASS kunne ikke leses: {e}").format(e=exc))
                raise KlassError(problems.items) from None
            out.append(response.content)
    return out[0], out[1]


def _kind(change: KlassChange, by_old: dict, by_new: dict) -> str:
    if change.old_code == change.new_code:
        return "navneendring"
    if len(by_old[(change.old_code, change.year)]) > 1:
        return "deling"
    if len(by_new[(change.new_code, change.year)]) > 1:
        return "sammenslaing"
    return "nytt_nummer"


def update_register(
    register: Register, codes: list[KlassCode], changes: list[KlassChange],
    codes_name: str = "codes", changes_name: str = "changes",
) -> Update:
    """The register with the municipality versions and changes from KLASS that neither the bundled
    reference nor the register's own tables know. A change to a code that is in neither KLASS's
    codes nor the reference is an error (located in the changes file)."""
    from samkart.reference import load_reference

    problems = Problems()
    index = register.municipalities
    listed = {c.code for c in codes}
    for ch in changes:
        for column, code in (("oldCode", ch.old_code), ("newCode", ch.new_code)):
            if code not in listed and not index.known(code):
                problems.error(changes_name, ch.row, column, _(
                    "ukjent kommunenummer {code}: verken i KLASS-kodene eller i "
                    "referansedataene").format(code=code))
    if problems.has_errors:
        raise KlassError(problems.items)

    # Versions: per number, what the register knows now, then what KLASS adds to it.
    versions: dict[str, list[Municipality]] = {}
    lines: list[str] = []

    def current(number: str) -> list[Municipality]:
        if number not in versions:
            versions[number] = list(index.by_number.get(number, ()))
        return versions[number]

    touched: set[str] = set()
    first_year = {ch.new_code: ch.year for ch in sorted(changes, key=lambda c: c.year)}
    for c in sorted(codes, key=lambda c: (c.code, c.valid_from or 0)):
        vs = current(c.code)
        fra = c.valid_from if c.valid_from is not None else (
            first_year.get(c.code) if not vs else None)
        if not vs and fra is None:
            problems.error(codes_name, c.row, "validFrom", _(
                "{code} er ny, men uten validFrom (bruk /codes?from=...&to=...)").format(
                code=c.code))
            continue
        v = _valid(vs, fra)
        if v is None and any(overlaps(x.gyldig_fra, x.gyldig_til, fra, c.valid_to) for x in vs):
            continue  # known from a later start (the bundle begins where its data begins)
        if v is None:
            new = Municipality(kommunenummer=c.code, navn=c.name, fylkesnummer=c.code[:2],
                               innbyggere=None, gyldig_fra=fra, gyldig_til=c.valid_to)
            vs.append(new)
            touched.add(c.code)
            lines.append(_("kommuner: + {code} {name} gyldig {fra}–{til}").format(
                code=c.code, name=c.name, fra=fra or "…", til=_last(c.valid_to)))
            continue
        if c.valid_to is not None and (v.gyldig_til is None or v.gyldig_til > c.valid_to):
            vs[vs.index(v)] = replace(v, gyldig_til=c.valid_to)
            touched.add(c.code)
            lines.append(_("kommuner: {code} {name} gyldig til og med {last}").format(
                code=c.code, name=v.navn, last=c.valid_to - 1))
    if problems.has_errors:
        raise KlassError(problems.items)

    known = {(c.from_number, c.to_number, c.year)
             for c in (*load_reference().changes, *register.changes)}
    own_changes = list(register.own.kommuneendringer or [])
    known |= {(c.gammelt_nummer, c.nytt_nummer, c.ar) for c in own_changes}
    by_old: dict[tuple[str, int], set[str]] = defaultdict(set)
    by_new: dict[tuple[str, int], set[str]] = defaultdict(set)
    for ch in changes:
        if ch.old_code != ch.new_code:
            by_old[(ch.old_code, ch.year)].add(ch.new_code)
            by_new[(ch.new_code, ch.year)].add(ch.old_code)
    added: list[MunicipalChange] = []
    for ch in sorted(changes, key=lambda c: (c.year, c.old_code, c.new_code)):
        if (ch.old_code, ch.new_code, ch.year) in known:
            continue
        known.add((ch.old_code, ch.new_code, ch.year))
        art = _kind(ch, by_old, by_new)
        added.append(MunicipalChange(ch.old_code, ch.new_code, ch.year, art))
        lines.append(_("kommuneendringer: + {old} {oldname} → {new} {newname} {year} ({art})")
                     .format(old=ch.old_code, oldname=ch.old_name, new=ch.new_code,
                             newname=ch.new_name, year=ch.year, art=art))

    rows = tuple(v for number in sorted(touched) for v in versions[number])
    own_rows = [m for m in (register.own.kommuner or []) if m.kommunenummer not in touched]
    own = replace(register.own,
                  kommuner=[*own_rows, *rows] if rows or register.own.kommuner is not None
                  else None,
                  kommuneendringer=[*own_changes, *added] if added or own_changes else
                  register.own.kommuneendringer)
    kept = [v for number, vs in index.by_number.items() if number not in touched for v in vs]
    municipalities = MunicipalityIndex.of([*kept, *rows])
    updated = replace(register, own=own, municipalities=municipalities)
    return Update(updated, rows, tuple(added), tuple(lines))


def _valid(versions: list[Municipality], year: int | None) -> Municipality | None:
    if year is None:
        return versions[-1] if versions else None
    return next((v for v in versions if v.valid_in(year)), None)


def _last(til: int | None) -> str:
    return "…" if til is None else str(til - 1)


def update_raw(
    raw: dict[str, Any], codes: list[KlassCode], changes: list[KlassChange],
    codes_name: str = "codes", changes_name: str = "changes",
) -> tuple[Update, dict[str, Any]]:
    """As :func:`update_register`, on a register's raw tables (``read_container``): the register
    may not be valid before the update (it can use a municipality only KLASS knows yet). Its own
    ``kommuner`` and ``kommuneendringer`` are read on their own, the update is worked out against
    them, and the raw tables come back with those two replaced, for the whole register to be
    validated (and written) as it becomes."""
    from samkart.reference import load_reference
    from samkart.register.containers import RawTable, cell_text
    from samkart.register.load import build_register
    from samkart.register.schema import TABLES
    from samkart.register.write import register_tables

    def empty(name: str) -> RawTable:
        return RawTable(name, list(TABLES[name].required_columns), [])

    subset = {name: raw[name] for name in ("kommuner", "kommuneendringer") if name in raw}
    problems = Problems()
    base = build_register({"ordninger": empty("ordninger"), "deltakere": empty("deltakere"),
                           **subset}, problems, load_reference())
    if base is None:
        raise KlassError([p for p in problems.sorted() if p.severity.value == "error"])
    update = update_register(base, codes, changes, codes_name, changes_name)
    out = dict(raw)
    tables = register_tables(update.register)
    for name in ("kommuner", "kommuneendringer"):
        if name in tables:
            columns, rows = tables[name]
            out[name] = RawTable(name, list(columns), [
                (i + 1, [cell_text(v) for v in row]) for i, row in enumerate(rows)])
    return update, out
