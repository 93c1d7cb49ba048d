"""Writing a register in any of the three containers.

All three share :func:`register_tables`, so they hold the same tables and columns. Writing goes to a
temporary file or folder first and is moved into place at the end: a failed write leaves no half
register behind.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from samkart.domain.codes import CodeList
from samkart.register.model import Register
from samkart.register.schema import (
    DELTAKERE,
    FORMAT_ID,
    FYLKER,
    KARTLEGGINGER,
    KOMMUNEENDRINGER,
    KOMMUNER,
    OPPGAVEFELT,
    ORDNINGER,
    REGIONRAD,
    REGIONRAD_MEDLEMMER,
    TEKSTER,
    Column,
    Kind,
    TableSpec,
)
from samkart.register.spreadsheets import csv_rows, xlsx_row

Value = str | int | float | None


def _num(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def cell_value(column: Column, value: object) -> Value:
    """A value of an entity's attribute as the cell its column declares (typed: numbers stay
    numbers, for xlsx and JSON; codes and booleans as the contract's words)."""
    if value is None:
        return None
    if isinstance(value, CodeList):
        return value.code
    kind = column.kind
    if kind is Kind.CODES:
        return ";".join(value)  # type: ignore[arg-type]
    if kind is Kind.BOOLEAN:
        return "ja" if value else "nei"
    if kind is Kind.NUMBER:
        return _num(value)  # type: ignore[arg-type]
    return value  # type: ignore[return-value]


def _rows(spec: TableSpec, entities: Iterable[object], extra: list[str]) -> list[list[Value]]:
    columns = [(c, c.attr) for c in spec.spec]
    return [
        [*(cell_value(c, getattr(e, attr)) for c, attr in columns),
         *(e.extra.get(name) for name in extra)]  # type: ignore[attr-defined]
        for e in entities
    ]


def register_tables(register: Register) -> dict[str, tuple[list[str], list[list[Value]]]]:
    """Each table as (columns, rows of typed values); optional tables only when the register had
    them. Extra columns that were read are written back after the contract's columns."""
    extra = register.extra_columns
    out: dict[str, tuple[list[str], list[list[Value]]]] = {}
    for spec, entities in ((ORDNINGER, register.arrangements.values()),
                           (DELTAKERE, register.participations)):
        more = extra.get(spec.name, [])
        out[spec.name] = ([*spec.columns, *more], _rows(spec, entities, more))
    own = register.own
    for spec, rows in ((KOMMUNER, own.kommuner), (KOMMUNEENDRINGER, own.kommuneendringer),
                       (FYLKER, own.fylker), (REGIONRAD, own.regionrad),
                       (REGIONRAD_MEDLEMMER, own.regionrad_medlemmer),
                       (OPPGAVEFELT, own.oppgavefelt), (KARTLEGGINGER, own.kartlegginger),
                       (TEKSTER, own.tekster)):
        if rows is not None:
            out[spec.name] = (list(spec.columns), _rows(spec, rows, []))
    return out


def write_csv_folder(register: Register, folder: str | Path, delimiter: str = ",") -> None:
    """One UTF-8 CSV file per table (``delimiter=';'`` gives what Norwegian Excel opens)."""
    target = Path(folder)
    tables = register_tables(register)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".samkart-", dir=target.parent))
    try:
        for name, (cols, rows) in tables.items():
            with open(staging / f"{name}.csv", "w", encoding="utf-8", newline="") as fh:
                w = csv.writer(fh, delimiter=delimiter, lineterminator="\n")
                w.writerow(cols)
                w.writerows(csv_rows(rows))
        target.mkdir(parents=True, exist_ok=True)
        for file in staging.iterdir():
            os.replace(file, target / file.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_json(register: Register, path: str | Path) -> None:
    doc: dict[str, object] = {"format": FORMAT_ID}
    for name, (cols, rows) in register_tables(register).items():
        doc[name] = [
            {c: v for c, v in zip(cols, row, strict=True) if v is not None and v != ""}
            for row in rows
        ]
    _atomic_write(Path(path), json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"))


def write_xlsx(register: Register, path: str | Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for name, (cols, rows) in register_tables(register).items():
        sheet = workbook.create_sheet(name)
        sheet.append(cols)
        for row in rows:
            sheet.append(xlsx_row(sheet, row))
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".samkart-", suffix=".xlsx", dir=target.parent)
    os.close(fd)
    try:
        workbook.save(tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _atomic_write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".samkart-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_csv_zip(register: Register, path: str | Path, delimiter: str = ",") -> None:
    """One .zip of the CSV files (as the web registry's download gives it)."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, (cols, rows) in register_tables(register).items():
            text = io.StringIO()
            w = csv.writer(text, delimiter=delimiter, lineterminator="\n")
            w.writerow(cols)
            w.writerows(csv_rows(rows))
            z.writestr(f"{name}.csv", text.getvalue().encode("utf-8"))
    _atomic_write(Path(path), buffer.getvalue())


def write_register(register: Register, path: str | Path, delimiter: str = ",") -> None:
    """Write in the container the path names: ``.xlsx``, ``.json``, ``.zip`` (of CSV files),
    else a CSV folder (``delimiter`` for the CSV containers)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx":
        write_xlsx(register, path)
    elif suffix == ".json":
        write_json(register, path)
    elif suffix == ".zip":
        write_csv_zip(register, path, delimiter)
    else:
        write_csv_folder(register, path, delimiter)
