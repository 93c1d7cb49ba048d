"""Reading the three containers of a register into raw tables of text cells.

Every cell becomes a string here (numbers from Excel or JSON included) so that validation has one
kind of input; a container that is not a table at all becomes a located error, never an exception.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from samkart.register.problems import Problems
from samkart.register.schema import FORMAT_ID, TABLES


@dataclass(slots=True)
class RawTable:
    """A table as read: normalised header names, and rows numbered from 1 as in the file."""

    name: str
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


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


def read_container(path: Path, problems: Problems) -> dict[str, RawTable] | None:
    """The raw tables of the register at ``path``; None (with problems) when it cannot be read."""
    if not path.exists():
        problems.error("register", 0, "", f"finnes ikke: {path}")
        return None
    if path.is_dir():
        return _read_csv_folder(path, problems)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path, problems)
    if suffix == ".json":
        return _read_json(path, problems)
    if suffix == ".csv":
        problems.error(
            "register", 0, "",
            "en CSV-fil alene er ikke et register: oppgi mappen med ordninger.csv og deltakere.csv",
        )
        return None
    problems.error("register", 0, "", f"ukjent format {suffix or '(uten filendelse)'}: "
                   "bruk en mappe med CSV-filer, en .xlsx-fil eller en .json-fil")
    return None


def _known_name(name: str) -> str:
    return name.strip().lower()


def _header(cells: list[object]) -> list[str]:
    return [cell_text(c).lower() for c in cells]


def _read_csv_folder(folder: Path, problems: Problems) -> dict[str, RawTable]:
    tables: dict[str, RawTable] = {}
    for file in sorted(folder.iterdir()):
        if not file.is_file() or file.suffix.lower() != ".csv":
            continue
        name = _known_name(file.stem)
        if name not in TABLES:
            problems.warning(name, 0, "", f"ukjent tabell {file.name} er ikke lest")
            continue
        table = read_csv_table(name, file.read_bytes(), problems)
        if table is not None:
            tables[name] = table
    return tables


def read_csv_table(name: str, data: bytes, problems: Problems) -> RawTable | None:
    """One CSV table: UTF-8 with or without BOM (Windows-1252 accepted with a warning), comma or
    semicolon separated."""
    if b"\x00" in data[:65536]:
        problems.error(name, 0, "", "filen er ikke en tabell (binært innhold)")
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
            problems.error(name, max(line, 0), "", "filen er verken UTF-8 eller Windows-1252")
            return None
        problems.warning(name, 0, "", "filen er ikke UTF-8; lest som Windows-1252")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        rows = list(reader)
    except csv.Error as exc:
        problems.error(name, 0, "", f"filen kan ikke leses som CSV: {exc}")
        return None
    if not rows or not any(c.strip() for c in rows[0]):
        problems.error(name, 0, "", "tabellen er tom (mangler overskriftsrad)")
        return None
    table = RawTable(name, _header(rows[0]))
    width = len(table.header)
    for i, row in enumerate(rows[1:], start=1):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if len(cells) > width:
            if any(cells[width:]):
                problems.error(name, i, "", f"raden har {len(row)} celler, overskriften {width}")
                continue
            del cells[width:]
        elif len(cells) < width:
            cells.extend([""] * (width - len(cells)))
        table.rows.append((i, cells))
    return table


def _read_xlsx(path: Path, problems: Problems) -> dict[str, RawTable] | None:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        problems.error("register", 0, "", f"ikke en gyldig xlsx-fil: {exc.__class__.__name__}")
        return None
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        problems.error("register", 0, "", f"ikke en gyldig xlsx-fil: {exc}")
        return None
    tables: dict[str, RawTable] = {}
    try:
        for sheet in workbook.worksheets:
            name = _known_name(sheet.title)
            if name not in TABLES:
                problems.warning(name, 0, "", f"ukjent ark «{sheet.title}» er ikke lest")
                continue
            it = sheet.iter_rows(values_only=True)
            first = next(it, None)
            if first is None or not any(cell_text(c) for c in first):
                problems.error(name, 0, "", "arket er tomt (mangler overskriftsrad)")
                continue
            header = _header(list(first))
            while header and not header[-1]:
                header.pop()
            table = RawTable(name, header)
            width = len(header)
            for i, values in enumerate(it, start=1):
                cells = [cell_text(v) for v in values]
                if not any(cells):
                    continue
                if len(cells) > width and any(cells[width:]):
                    problems.error(name, i, "", f"raden har verdier utenfor overskriften ({width})")
                    continue
                table.rows.append((i, cells[:width] + [""] * (width - len(cells))))
            tables[name] = table
    finally:
        workbook.close()
    return tables


def _read_json(path: Path, problems: Problems) -> dict[str, RawTable] | None:
    try:
        doc = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = f" (linje {exc.lineno}, kolonne {exc.colno})" if hasattr(exc, "lineno") else ""
        problems.error("register", 0, "", f"ikke gyldig JSON{where}")
        return None
    if not isinstance(doc, dict):
        problems.error("register", 0, "", "JSON-dokumentet må være et objekt med tabeller")
        return None
    fmt = doc.get("format")
    if fmt is None:
        problems.warning("register", 0, "format", f"mangler \"format\": \"{FORMAT_ID}\"")
    elif fmt != FORMAT_ID:
        problems.error("register", 0, "format", f"ukjent format {fmt!r}, ventet {FORMAT_ID!r}")
        return None
    tables: dict[str, RawTable] = {}
    for key, value in doc.items():
        if key == "format":
            continue
        name = _known_name(key)
        if name not in TABLES:
            problems.warning(name, 0, "", f"ukjent tabell «{key}» er ikke lest")
            continue
        if not isinstance(value, list):
            problems.error(name, 0, "", "tabellen må være en liste av objekter")
            continue
        header: list[str] = []
        seen: set[str] = set()
        for obj in value:
            if isinstance(obj, dict):
                for k in obj:
                    nk = _known_name(str(k))
                    if nk not in seen:
                        seen.add(nk)
                        header.append(nk)
        table = RawTable(name, header)
        position = {h: j for j, h in enumerate(header)}
        for i, obj in enumerate(value, start=1):
            if not isinstance(obj, dict):
                problems.error(name, i, "", "raden er ikke et objekt")
                continue
            cells = [""] * len(header)
            for k, v in obj.items():
                nk = _known_name(str(k))
                if isinstance(v, (dict, list)):
                    problems.error(name, i, nk, "verdien må være tekst, tall eller tom")
                    continue
                cells[position[nk]] = cell_text(v)
            table.rows.append((i, cells))
        tables[name] = table
    return tables
