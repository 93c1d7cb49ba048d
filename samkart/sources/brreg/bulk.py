"""Reading Brønnøysund's bulk downloads, streamed: never a whole file in memory.

* Units, ``enheter/lastned``: a JSON array of unit documents, or the CSV download
  (``enheter/lastned/csv``: one row per unit, the document's fields as dotted column names,
  ``organisasjonsform.kode``, ``forretningsadresse.kommunenummer`` ...).
* Roles, ``roller/totalbestand``: a JSON array of ``{organisasjonsnummer, rollegrupper}``.

Either may be gzip-compressed (as Brønnøysund serves them) or not; that is read from the file's
first bytes, not its name. JSON is streamed with ijson (its C backend builds one element at a time);
an element is checked for the fields every element needs, and validated against the models only
when the caller keeps it, so a 2.8 GB roles file is read in constant memory. Every problem is a
:class:`SourceError` that says where (file, element or line, field) and why.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import os
import re
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

import ijson
from pydantic import ValidationError

from samkart.gcpause import paused_gc
from samkart.i18n import gettext as _
from samkart.sources.brreg.errors import SourceError
from samkart.sources.brreg.models import Unit, UnitRoles, describe
from samkart.sources.brreg.rules import ROLE_FORMS, SourceData, wanted_unit

Progress = Callable[[int, int, int], None]
"""Called now and then with (bytes of the file read, bytes in the file, elements read)."""

Keep = Callable[[str, str, str, "str | None"], bool]
"""Whether to keep a unit, from (orgnr, organisasjonsform, navn, institusjonell sektorkode)."""

_PROGRESS_EVERY = 0.5  # seconds


@dataclass(slots=True)
class UnitsRead:
    """The units kept from a units file, and how many of each form the file had."""

    units: dict[str, Unit] = field(default_factory=dict)
    forms: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.forms.values())


@dataclass(slots=True)
class RolesRead:
    """The roles of the wanted units, and how much the file had."""

    roles: dict[str, UnitRoles] = field(default_factory=dict)
    units: int = 0
    roles_total: int = 0


class _Counting(io.RawIOBase):
    """A file that counts the bytes read from it (for progress on a compressed file)."""

    def __init__(self, raw: BinaryIO):
        self.raw, self.done = raw, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        n = self.raw.readinto(buffer)  # type: ignore[attr-defined]
        self.done += n or 0
        return n or 0


@dataclass(slots=True)
class _Opened:
    stream: Any
    counting: _Counting
    size: int
    first: bytes  # the first non-blank byte of the content (after a BOM), b"" when empty


@contextmanager
def _open(path: Path) -> Iterator[_Opened]:
    try:
        raw = open(path, "rb")  # noqa: SIM115 -- closed below
    except OSError as e:
        raise SourceError(_("{path}: kan ikke åpnes ({reason})").format(
            path=path, reason=e.strerror or e)) from e
    try:
        size = os.fstat(raw.fileno()).st_size
        magic = raw.read(2)
        raw.seek(0)
        counting = _Counting(raw)
        # A large buffer in front of the decompressor: ijson then asks gzip for big pieces
        # (measured: a third less time than reading the GzipFile directly).
        inner: Any = (gzip.GzipFile(fileobj=counting, mode="rb") if magic == b"\x1f\x8b"
                      else counting)
        stream = io.BufferedReader(inner, 1 << 20)
        with _read_errors(path):
            head = stream.peek(4096)[:4096]
        head = head.removeprefix(b"\xef\xbb\xbf").lstrip()
        yield _Opened(stream, counting, size, head[:1])
    finally:
        raw.close()


@contextmanager
def _read_errors(path: Path, where: Callable[[], str] = lambda: "") -> Iterator[None]:
    """Turn what a damaged file raises while it is read into a located SourceError."""
    try:
        yield
    except (EOFError, gzip.BadGzipFile, zlib.error) as e:
        raise SourceError(_("{path}{where}: gzip-filen er avkortet eller skadet ({reason})").format(
            path=path, where=where(), reason=e)) from e
    except ijson.JSONError as e:
        raise SourceError(_("{path}{where}: ikke gyldig JSON ({reason})").format(
            path=path, where=where(), reason=e)) from e
    except UnicodeDecodeError as e:
        raise SourceError(_("{path}{where}: ikke UTF-8 ({reason})").format(
            path=path, where=where(), reason=e)) from e
    except OSError as e:
        raise SourceError(_("{path}{where}: kan ikke leses ({reason})").format(
            path=path, where=where(), reason=e)) from e


class _Ticker:
    def __init__(self, opened: _Opened, progress: Progress | None):
        self.opened, self.progress, self.last = opened, progress, time.monotonic()

    def tick(self, items: int, force: bool = False) -> None:
        if self.progress is None or (not force and items % 2048):
            return
        now = time.monotonic()
        if force or now - self.last >= _PROGRESS_EVERY:
            self.last = now
            self.progress(self.opened.counting.done, self.opened.size, items)


def _line(path: Path, line: int, orgnr: object = None) -> str:
    return f"{path}:{line}"


def _element(path: Path, n: int, orgnr: object = None) -> str:
    where = _("element {n}").format(n=n)
    if isinstance(orgnr, str) and orgnr:
        where += f" ({orgnr})"
    return f"{path}:{where}"


# -- units --------------------------------------------------------------------------------------

def read_units(path: str | Path, keep: Keep, progress: Progress | None = None) -> UnitsRead:
    """The units of ``path`` that ``keep`` wants, validated; every unit must have a number and an
    ``organisasjonsform``."""
    path = Path(path)
    with _open(path) as opened, paused_gc():
        if opened.first == b"":
            raise SourceError(_("{path}: filen er tom").format(path=path))
        if opened.first == b"[":
            return _units_json(path, opened, keep, _Ticker(opened, progress))
        if opened.first in (b"{", b'"') and not _looks_like_csv_header(opened):
            raise SourceError(_("{path}: ventet en JSON-liste av enheter ([{{…}}, …]) eller "
                                "enhetsfilen som CSV").format(path=path))
        return _units_csv(path, opened, keep, _Ticker(opened, progress))


def _looks_like_csv_header(opened: _Opened) -> bool:
    head = opened.stream.peek(4096)[:4096].removeprefix(b"\xef\xbb\xbf").lstrip()
    return head.lower().startswith((b'"organisasjonsnummer', b"organisasjonsnummer"))


def _units_json(path: Path, opened: _Opened, keep: Keep, ticker: _Ticker) -> UnitsRead:
    out = UnitsRead()
    n = 0
    with _read_errors(path, lambda: ":" + _("etter element {n}").format(n=n)):
        for item in ijson.items(opened.stream, "item", use_float=True):
            n += 1
            _keep_unit(out, item, keep, partial(_element, path, n))
            ticker.tick(n)
    ticker.tick(n, force=True)
    return out


def _keep_unit(out: UnitsRead, doc: object, keep: Keep, where: Callable[[object], str]) -> None:
    if not isinstance(doc, dict):
        raise SourceError(_("{where}: ikke et enhetsdokument (et JSON-objekt)").format(
            where=where(None)))
    orgnr = doc.get("organisasjonsnummer")
    if not isinstance(orgnr, str) or not orgnr.strip():
        raise SourceError(_("{where}: organisasjonsnummer mangler").format(where=where(None)))
    form = doc.get("organisasjonsform")
    code = form.get("kode") if isinstance(form, dict) else None
    if not isinstance(code, str) or not code.strip():
        raise SourceError(_("{where}: organisasjonsform mangler").format(where=where(orgnr)))
    out.forms[code] += 1
    navn = doc.get("navn")
    sector = doc.get("institusjonellSektorkode")
    sector_code = sector.get("kode") if isinstance(sector, dict) else None
    if not keep(orgnr, code, navn if isinstance(navn, str) else "", sector_code):
        return
    try:
        out.units[orgnr] = Unit.model_validate(doc)
    except ValidationError as e:
        raise SourceError(f"{where(orgnr)}: {describe(e)}") from e


# The CSV download names its columns after the document's fields, dotted
# (``forretningsadresse.kommunenummer``); some copies use other letter case or Norwegian letters
# (``Næringskode1.kode``). A header is matched after folding case, letters and separators.
_UNIT_FIELDS = (
    "organisasjonsnummer", "navn", "organisasjonsform.kode", "organisasjonsform.beskrivelse",
    "organisasjonsform.utgaatt", "hjemmeside", "registreringsdatoEnhetsregisteret",
    "registrertIMvaregisteret", "naeringskode1.kode", "naeringskode1.beskrivelse",
    "naeringskode2.kode", "naeringskode2.beskrivelse", "naeringskode3.kode",
    "naeringskode3.beskrivelse", "hjelpeenhetskode.kode", "hjelpeenhetskode.beskrivelse",
    "antallAnsatte", "harRegistrertAntallAnsatte", "overordnetEnhet", "stiftelsesdato",
    "institusjonellSektorkode.kode", "institusjonellSektorkode.beskrivelse",
    "registrertIForetaksregisteret", "registrertIStiftelsesregisteret",
    "registrertIFrivillighetsregisteret", "sisteInnsendteAarsregnskap", "konkurs", "konkursdato",
    "underAvvikling", "underAvviklingDato", "underTvangsavviklingEllerTvangsopplosning",
    "maalform", "vedtektsdato", "vedtektsfestetFormaal", "aktivitet", "slettedato",
    *(f"{a}.{f}" for a in ("forretningsadresse", "postadresse")
      for f in ("adresse", "postnummer", "poststed", "kommunenummer", "kommune", "landkode",
                "land")),
)
_LIST_FIELDS = {"vedtektsfestetFormaal", "aktivitet", "frivilligMvaRegistrertBeskrivelser"}
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "aa"})


def _fold(name: str) -> str:
    return re.sub(r"[^a-z0-9.]", "", name.strip().lower().translate(_FOLD))


_BY_FOLDED = {_fold(f): f for f in _UNIT_FIELDS}
# registreringsdatoEnhetsregisteret is also seen with a capital-less E and an extra "I".
_BY_FOLDED["registreringsdatoienhetsregisteret"] = "registreringsdatoEnhetsregisteret"


def _units_csv(path: Path, opened: _Opened, keep: Keep, ticker: _Ticker) -> UnitsRead:
    out = UnitsRead()
    text = io.TextIOWrapper(opened.stream, encoding="utf-8-sig", newline="")
    line = 0
    with _read_errors(path, lambda: f":{line}"):
        first = text.readline()
        delimiter = ";" if first.count(";") > first.count(",") else ","
        header = next(csv.reader([first], delimiter=delimiter))
        columns = [_BY_FOLDED.get(_fold(h)) for h in header]
        for needed in ("organisasjonsnummer", "organisasjonsform.kode"):
            if needed not in columns:
                raise SourceError(_("{path}:1:{column}: kolonnen mangler i enhetsfilen").format(
                    path=path, column=needed))
        reader = csv.reader(text, delimiter=delimiter, strict=True)
        n = 0
        for cells in reader:
            n += 1
            line = reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                raise SourceError(_("{path}:{line}: {got} felt, overskriften har {want}").format(
                    path=path, line=line, got=len(cells), want=len(header)))
            doc = _nest(columns, cells)
            if not doc.get("organisasjonsform", {}).get("kode"):
                raise SourceError(_("{path}:{line}:organisasjonsform.kode: organisasjonsform "
                                    "mangler").format(path=path, line=line))
            _keep_unit(out, doc, keep, partial(_line, path, line))
            ticker.tick(n)
        ticker.tick(n, force=True)
    return out


def _nest(columns: list[str | None], cells: list[str]) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    for name, value in zip(columns, cells, strict=True):
        value = value.strip()
        if name is None or value == "":
            continue
        head, _dot, tail = name.partition(".")
        if tail:
            target = doc.setdefault(head, {})
            target[tail] = [value] if tail == "adresse" else value
        else:
            doc[head] = [value] if head in _LIST_FIELDS else value
    return doc


# -- roles --------------------------------------------------------------------------------------

def read_roles(path: str | Path, wanted: set[str], progress: Progress | None = None) -> RolesRead:
    """The roles of the units numbered in ``wanted``, validated; the rest is counted only."""
    path = Path(path)
    out = RolesRead()
    with _open(path) as opened, paused_gc():
        if opened.first != b"[":
            raise SourceError(_("{path}: ventet rollefilen som en JSON-liste "
                                "([{{\"organisasjonsnummer\": …, \"rollegrupper\": […]}}, …])"
                                ).format(path=path))
        ticker = _Ticker(opened, progress)
        n = 0
        with _read_errors(path, lambda: ":" + _("etter element {n}").format(n=n)):
            for item in ijson.items(opened.stream, "item", use_float=True):
                n += 1
                _count_roles(out, item, wanted, path, n)
                ticker.tick(n)
        ticker.tick(n, force=True)
    return out


def _count_roles(out: RolesRead, item: object, wanted: set[str], path: Path, n: int) -> None:
    orgnr = item.get("organisasjonsnummer") if isinstance(item, dict) else None
    groups = item.get("rollegrupper") if isinstance(item, dict) else None
    if not isinstance(orgnr, str) or not isinstance(groups, list):
        raise SourceError(_("{where}: ikke et rolledokument (ventet organisasjonsnummer og "
                            "rollegrupper)").format(where=_element(path, n, orgnr)))
    out.units += 1
    for group in groups:
        roles = group.get("roller") if isinstance(group, dict) else None
        if not isinstance(roles, list):
            raise SourceError(_("{where}: en rollegruppe uten liste av roller").format(
                where=_element(path, n, orgnr)))
        out.roles_total += len(roles)
    if orgnr in wanted:
        try:
            out.roles[orgnr] = UnitRoles.model_validate(item)
        except ValidationError as e:
            raise SourceError(f"{_element(path, n, orgnr)}: {describe(e)}") from e


# -- both ---------------------------------------------------------------------------------------

FilesProgress = Callable[[str, int, int, int], None]
"""Called with (which file, bytes read, bytes in all, elements read)."""


def from_files(enheter: str | Path, roller: str | Path, fetched: dt.date,
               known: Iterable[str] = (), progress: FilesProgress | None = None) -> SourceData:
    """What the rules need, from the two downloads; ``known`` are orgnrs (of a register compared
    with) to keep whatever they are."""
    keep_also = set(known)

    def keep(orgnr: str, form: str, navn: str, sector: str | None) -> bool:
        return orgnr in keep_also or wanted_unit(orgnr, form, navn, sector)

    def tell(which: str) -> Progress | None:
        if progress is None:
            return None
        return lambda done, total, items: progress(which, done, total, items)

    units = read_units(enheter, keep, tell(str(enheter)))
    wanted = {o for o, u in units.units.items() if u.form in ROLE_FORMS}
    roles = read_roles(roller, wanted, tell(str(roller)))
    return SourceData(units.units, roles.roles, units.forms, roles.roles_total, fetched,
                      complete=True)
