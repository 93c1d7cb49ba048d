"""Reading the three containers of a register into raw tables of text cells.

Every cell becomes a string here (numbers from Excel or JSON included) so that validation has one
kind of input; a container that is not a table at all becomes a located error, never an exception.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from samkart.i18n import gettext as _
from samkart.register.limits import NO_LIMITS, ReadLimits, TooLarge
from samkart.register.problems import Problems
from samkart.register.schema import FORMAT_ID, TABLES
from samkart.register.spreadsheets import from_csv


@dataclass(slots=True)
class RawTable:
    """A table as read: normalised header names, and rows numbered from 1 as in the file.
    ``text_checked`` is set by a reader that has already seen the whole text free of control
    characters (a quick search of the file instead of one per cell)."""

    name: str
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    text_checked: bool = False


# The C0 control characters an xlsx workbook cannot hold (XML 1.0; openpyxl's own set): one in a
# name would break every Excel download of the register, so they are refused where text enters.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_JSON_CONTROL_ESCAPE = re.compile(r"\\u00(?:0[0-8bBcCeEfF]|1[0-9a-fA-F])")


def flag_control_characters(table: RawTable, problems: Problems) -> None:
    """An error for each cell with a control character (tab and line breaks are text)."""
    if table.text_checked:
        return
    search = CONTROL_CHARACTERS.search
    for row, cells in table.rows:
        for j, cell in enumerate(cells):
            found = search(cell)
            if found:
                column = table.header[j] if j < len(table.header) and table.header[j] \
                    else f"#{j + 1}"
                problems.error(table.name, row, column,
                               _("ugyldig kontrolltegn U+{value:04X} i teksten")
                                 .format(value=ord(found.group())))
    table.text_checked = True


def cell_text(value: object) -> str:
    """A cell as text: Excel's and JSON's numbers lose their ``.0``; None is empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def read_container(path: Path, problems: Problems,
                   limits: ReadLimits = NO_LIMITS) -> dict[str, RawTable] | None:
    """The raw tables of the register at ``path``; None (with problems) when it cannot be read.
    ``limits`` bound what reading may cost (files from strangers); a limit passed is a problem."""
    if not path.exists():
        problems.error("register", 0, "", _("finnes ikke: {path}").format(path=path))
        return None
    if path.is_dir():
        return _read_csv_folder(path, problems, limits)
    if not path.is_file():  # a FIFO would hang, /dev/zero would fill the memory
        problems.error("register", 0, "", _("{path} er verken en vanlig fil eller en mappe")
                                            .format(path=path))
        return None
    size = path.stat().st_size
    if limits.max_bytes is not None and size > limits.max_bytes:
        problems.error("register", 0, "", _("filen er for stor ({size}; høyst {value})")
                                            .format(size=_mb(size), value=_mb(limits.max_bytes)))
        return None
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            return _read_xlsx(path, problems, limits)
        if suffix == ".json":
            return _read_json(path, problems, limits)
        if suffix == ".zip":
            return _read_csv_zip(path, problems, limits)
    except TooLarge as e:
        problems.error("register", 0, "", str(e))
        return None
    if suffix == ".csv":
        problems.error(
            "register", 0, "",
            _("en CSV-fil alene er ikke et register: oppgi mappen med ordninger.csv og "
              "deltakere.csv"),
        )
        return None
    problems.error("register", 0, "", _("ukjent format {value}: bruk en mappe med CSV-filer, en "
                                        ".zip-fil med CSV-filer, en .xlsx-fil eller en .json-fil")
                   .format(value=suffix or _("(uten filendelse)")))
    return None


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def check_zip(path: Path, limits: ReadLimits) -> list[zipfile.ZipInfo]:
    """The members of a zip (or an xlsx workbook, which is one) after checking their number and
    declared sizes against ``limits``, before anything is decompressed. Reading a member never
    yields more than its declared size (zipfile stops there and checks the CRC), so the declared
    sizes bound the real cost. Raises :class:`TooLarge` or ``zipfile.BadZipFile``."""
    with zipfile.ZipFile(path) as z:
        members = z.infolist()
    if limits.max_members is not None and len(members) > limits.max_members:
        raise TooLarge(_("arkivet har {members} filer (høyst {max_members})")
                         .format(members=len(members), max_members=limits.max_members))
    total = sum(m.file_size for m in members)
    if limits.max_uncompressed is not None and total > limits.max_uncompressed:
        raise TooLarge(_("arkivet pakkes ut til {total} (høyst {value})")
                         .format(total=_mb(total), value=_mb(limits.max_uncompressed)))
    return members


def _known_name(name: str) -> str:
    return name.strip().lower()


def _header(cells: Sequence[object]) -> list[str]:
    return [cell_text(c).lower() for c in cells]


def _read_csv_folder(folder: Path, problems: Problems,
                     limits: ReadLimits) -> dict[str, RawTable]:
    tables: dict[str, RawTable] = {}
    for file in sorted(folder.iterdir()):
        if not file.is_file() or file.suffix.lower() != ".csv":
            continue
        name = _known_name(file.stem)
        if name not in TABLES:
            problems.warning(name, 0, "", _("ukjent tabell {name} er ikke lest").format(name=file.name))
            continue
        table = read_csv_table(name, file.read_bytes(), problems, limits)
        if table is not None:
            tables[name] = table
    return tables


def _read_csv_zip(path: Path, problems: Problems, limits: ReadLimits) -> dict[str, RawTable] | None:
    """A zip of the CSV files (as the web registry's download gives it), read without unpacking
    to disk; files in folders inside the zip count by their own name."""
    try:
        members = check_zip(path, limits)
        tables: dict[str, RawTable] = {}
        with zipfile.ZipFile(path) as z:
            for member in sorted(members, key=lambda m: m.filename):
                base = member.filename.rsplit("/", 1)[-1]
                if member.is_dir() or not base.lower().endswith(".csv") or base.startswith("."):
                    continue
                name = _known_name(base[:-4])
                if name not in TABLES:
                    problems.warning(name, 0, "", _("ukjent tabell {base} er ikke lest")
                                                    .format(base=base))
                    continue
                if name in tables:
                    problems.error(name, 0, "", _("arkivet har {base} mer enn én gang")
                                                  .format(base=base))
                    continue
                table = read_csv_table(name, z.read(member), problems, limits)
                if table is not None:
                    tables[name] = table
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        problems.error("register", 0, "", _("ikke en gyldig zip-fil ({exc})").format(exc=exc))
        return None
    return tables


# Python's csv refuses fields over 131,072 characters by default; a long note is no reason to be
# unable to read a register back (limits on cells are ReadLimits' business).
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def read_csv_table(name: str, data: bytes, problems: Problems,
                   limits: ReadLimits = NO_LIMITS) -> RawTable | None:
    """One CSV table: UTF-8 with or without BOM (Windows-1252 accepted with a warning), comma or
    semicolon separated."""
    if b"\x00" in data[:65536]:
        problems.error(name, 0, "", _("filen er ikke en tabell (binært innhold)"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # Older Norwegian Excel saves "CSV (semikolondelt)" in Windows-1252; reading it is kinder
        # than refusing, but the user should know.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            line = data[: exc.start].count(b"\n")
            problems.error(name, max(line, 0), "", _("filen er verken UTF-8 eller Windows-1252"))
            return None
        problems.warning(name, 0, "", _("filen er ikke UTF-8; lest som Windows-1252"))
    del data
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header_row = next(reader, None)
        if header_row is None or not any(c.strip() for c in header_row):
            problems.error(name, 0, "", _("tabellen er tom (mangler overskriftsrad)"))
            return None
        table = RawTable(name, _header(header_row),
                         text_checked=CONTROL_CHARACTERS.search(text) is None)
        width = len(table.header)
        guard = _Guard(name, limits, width)
        escaped = "'" in text  # a cell samkart escaped against formula injection (spreadsheets)
        for i, row in enumerate(reader, start=1):
            guard.row(i, row)
            cells = [from_csv(c.strip()) for c in row] if escaped else [c.strip() for c in row]
            if not any(cells):
                continue
            if len(cells) > width:
                if any(cells[width:]):
                    problems.error(name, i, "", _("raden har {cells} celler, overskriften {width}")
                                                  .format(cells=len(row), width=width))
                    continue
                del cells[width:]
            elif len(cells) < width:
                cells.extend([""] * (width - len(cells)))
            table.rows.append((i, cells))
    except csv.Error as exc:
        problems.error(name, 0, "", _("filen kan ikke leses som CSV: {exc}").format(exc=exc))
        return None
    except TooLarge as exc:
        problems.error(name, 0, "", str(exc))
        return None
    return table


class _Guard:
    """Checks one table's rows against the limits while it is read."""

    __slots__ = ("cells", "clock", "limits", "name")

    def __init__(self, name: str, limits: ReadLimits, width: int):
        self.name, self.limits = name, limits
        self.clock = limits.clock()
        self.cells = limits.max_cell_chars
        if limits.max_columns is not None and width > limits.max_columns:
            raise TooLarge(_("tabellen har {width} kolonner (høyst {max_columns})")
                             .format(width=width, max_columns=limits.max_columns))

    def row(self, i: int, cells: Sequence[object]) -> None:
        limits = self.limits
        if limits.max_rows is not None and i > limits.max_rows:
            raise TooLarge(_("tabellen har mer enn {max_rows} rader").format(max_rows=limits.max_rows))
        if self.cells is not None:
            for c in cells:
                if isinstance(c, str) and len(c) > self.cells:
                    raise TooLarge(_("rad {i} har en celle med {c} tegn (høyst {cells})")
                                     .format(i=i, c=len(c), cells=self.cells))
        if self.clock.passed():
            raise TooLarge(_("filen tok for lang tid å lese (over {max_seconds:g} s)")
                             .format(max_seconds=limits.max_seconds))


def _read_xlsx(path: Path, problems: Problems, limits: ReadLimits) -> dict[str, RawTable] | None:
    return read_xlsx_tables(path, problems, limits, set(TABLES))


def read_xlsx_tables(path: Path, problems: Problems, limits: ReadLimits, known: set[str],
                     table_for_errors: str = "register", warn_unknown: bool = True
                     ) -> dict[str, RawTable] | None:
    """The sheets of an xlsx workbook named as one of ``known`` tables (case and surrounding space
    ignored), as raw tables; other sheets are a warning when ``warn_unknown``. Shared with the
    survey reader."""
    from openpyxl import load_workbook

    try:
        check_zip(path, limits)
        workbook = load_workbook(path, read_only=True, data_only=True)
    except TooLarge as exc:
        problems.error(table_for_errors, 0, "", str(exc))
        return None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        problems.error(table_for_errors, 0, "", _("ikke en gyldig xlsx-fil: {kind}")
                                                  .format(kind=exc.__class__.__name__))
        return None
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        problems.error(table_for_errors, 0, "", _("ikke en gyldig xlsx-fil: {exc}").format(exc=exc))
        return None
    tables: dict[str, RawTable] = {}
    try:
        for sheet in workbook.worksheets:
            name = _known_name(sheet.title)
            if name not in known:
                if warn_unknown:
                    problems.warning(name, 0, "", _("ukjent ark «{title}» er ikke lest")
                                                    .format(title=sheet.title))
                continue
            # The sheet's own <dimension> may claim a million rows and 16,384 columns of nothing:
            # rows are read as they are, and never wider than the limit allows.
            sheet.reset_dimensions()
            max_col = None if limits.max_columns is None else limits.max_columns + 1
            it = sheet.iter_rows(values_only=True, max_col=max_col)
            try:
                table = _xlsx_sheet(name, it, problems, limits)
            except TooLarge as exc:
                problems.error(name, 0, "", str(exc))
                continue
            if table is not None:
                tables[name] = table
    except Exception as exc:  # damaged sheet XML surfaces only while reading rows
        problems.error(table_for_errors, 0, "", _("ikke en gyldig xlsx-fil: {kind}")
                                                  .format(kind=exc.__class__.__name__))
        return None
    finally:
        workbook.close()
    return tables


def _xlsx_sheet(name: str, it: Iterator[tuple[object, ...]], problems: Problems,
                limits: ReadLimits) -> RawTable | None:
    first = next(it, None)
    if first is None or not any(cell_text(c) for c in first):
        problems.error(name, 0, "", _("arket er tomt (mangler overskriftsrad)"))
        return None
    header = _header(list(first))
    while header and not header[-1]:
        header.pop()
    table = RawTable(name, header)
    width = len(header)
    guard = _Guard(name, limits, width)
    for i, values in enumerate(it, start=1):
        cells = [cell_text(v) for v in values]
        guard.row(i, cells)
        if not any(cells):
            continue
        if len(cells) > width and any(cells[width:]):
            problems.error(name, i, "", _("raden har verdier utenfor overskriften ({width})")
                                          .format(width=width))
            continue
        table.rows.append((i, cells[:width] + [""] * (width - len(cells))))
    return table


def _read_json(path: Path, problems: Problems, limits: ReadLimits) -> dict[str, RawTable] | None:
    try:
        text = path.read_bytes().decode("utf-8-sig")
        doc = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = (f" (linje {exc.lineno}, kolonne {exc.colno})"
                 if isinstance(exc, json.JSONDecodeError) else "")
        problems.error("register", 0, "", _("ikke gyldig JSON{where}").format(where=where))
        return None
    except RecursionError:
        problems.error("register", 0, "", _("ikke et register: JSON-dokumentet er for dypt nestet"))
        return None
    if not isinstance(doc, dict):
        problems.error("register", 0, "", _("JSON-dokumentet må være et objekt med tabeller"))
        return None
    fmt = doc.get("format")
    if fmt is None:
        problems.warning("register", 0, "format", _("mangler \"format\": \"{FORMAT_ID}\"")
                                                    .format(FORMAT_ID=FORMAT_ID))
    elif fmt != FORMAT_ID:
        problems.error("register", 0, "format", _("ukjent format {fmt!r}, ventet {FORMAT_ID!r}")
                                                  .format(fmt=fmt, FORMAT_ID=FORMAT_ID))
        return None
    # Strict JSON holds control characters only as \u escapes: none in the text, none in a cell.
    clean = _JSON_CONTROL_ESCAPE.search(text) is None
    del text
    tables: dict[str, RawTable] = {}
    for key, value in doc.items():
        if key == "format":
            continue
        name = _known_name(key)
        if name not in TABLES:
            problems.warning(name, 0, "", _("ukjent tabell «{key}» er ikke lest").format(key=key))
            continue
        if not isinstance(value, list):
            problems.error(name, 0, "", _("tabellen må være en liste av objekter"))
            continue
        try:
            tables[name] = _json_table(name, value, problems, limits)
            tables[name].text_checked = clean
        except TooLarge as exc:
            problems.error(name, 0, "", str(exc))
    return tables


def _json_table(name: str, value: list[object], problems: Problems,
                limits: ReadLimits) -> RawTable:
    if limits.max_rows is not None and len(value) > limits.max_rows:
        raise TooLarge(_("tabellen har {value} rader (høyst {max_rows})")
                         .format(value=len(value), max_rows=limits.max_rows))
    header: list[str] = []
    seen: set[str] = set()
    for obj in value:
        if isinstance(obj, dict):
            for k in obj:
                nk = _known_name(str(k))
                if nk not in seen:
                    seen.add(nk)
                    header.append(nk)
                    if limits.max_columns is not None and len(header) > limits.max_columns:
                        raise TooLarge(_("tabellen har mer enn {max_columns} kolonner")
                                         .format(max_columns=limits.max_columns))
    table = RawTable(name, header)
    guard = _Guard(name, limits, len(header))
    position = {h: j for j, h in enumerate(header)}
    for i, obj in enumerate(value, start=1):
        if not isinstance(obj, dict):
            problems.error(name, i, "", _("raden er ikke et objekt"))
            continue
        cells = [""] * len(header)
        for k, v in obj.items():
            nk = _known_name(str(k))
            if isinstance(v, (dict, list)):
                problems.error(name, i, nk, _("verdien må være tekst, tall eller tom"))
                continue
            cells[position[nk]] = cell_text(v)
        guard.row(i, cells)
        table.rows.append((i, cells))
    return table
