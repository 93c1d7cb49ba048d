"""Writing a register in any of the three containers.

All three share :func:`register_tables`, so they hold the same tables and columns. Writing goes to a
temporary file or folder first and is moved into place at the end: a failed write leaves no half
register behind.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
from pathlib import Path

from samkart.register.model import Register
from samkart.register.schema import FORMAT_ID, TABLES
from samkart.register.spreadsheets import csv_rows, xlsx_row

Value = str | int | float | None


def _num(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _bool(value: bool | None) -> str | None:
    return None if value is None else ("ja" if value else "nei")


def register_tables(register: Register) -> dict[str, tuple[list[str], list[list[Value]]]]:
    """Each table as (columns, rows of typed values); optional tables only when the register had
    them. Extra columns that were read are written back after the contract's columns."""
    out: dict[str, tuple[list[str], list[list[Value]]]] = {}
    extra = register.extra_columns

    cols = [*TABLES["ordninger"].columns, *extra.get("ordninger", [])]
    rows: list[list[Value]] = []
    for a in register.arrangements.values():
        rows.append([
            a.id, a.navn, a.tilknytningsform.code, a.sektor.code, a.delsektor,
            ";".join(a.oppgavefelt), _bool(a.lovpalagt), a.vertskommune, a.etablert, a.avviklet,
            a.niva.code if a.niva else None, a.orgnr, _num(a.kommunal_eierandel),
            a.dominerende_part.code, a.type.code, a.erstatter, _num(a.budsjett_nok),
            _num(a.arsverk), a.merknad, a.kilde,
            *(a.extra.get(c) for c in extra.get("ordninger", [])),
        ])
    out["ordninger"] = (cols, rows)

    cols = [*TABLES["deltakere"].columns, *extra.get("deltakere", [])]
    out["deltakere"] = (cols, [
        [p.ordning_id, p.kommunenummer, p.fra, p.til, p.rolle.code,
         *(p.extra.get(c) for c in extra.get("deltakere", []))]
        for p in register.participations
    ])
    own = register.own
    if own.kommuner is not None:
        out["kommuner"] = (list(TABLES["kommuner"].columns), [
            [m.kommunenummer, m.navn, m.fylkesnummer, m.innbyggere, m.gyldig_fra, m.gyldig_til]
            for m in own.kommuner
        ])
    if own.fylker is not None:
        out["fylker"] = (list(TABLES["fylker"].columns), [
            [c.fylkesnummer, c.navn, c.gyldig_fra, c.gyldig_til] for c in own.fylker
        ])
    if own.regionrad is not None:
        out["regionrad"] = (list(TABLES["regionrad"].columns), [
            [c.id, c.navn, c.type.code] for c in own.regionrad
        ])
    if own.regionrad_medlemmer is not None:
        out["regionrad_medlemmer"] = (list(TABLES["regionrad_medlemmer"].columns), [
            [m.regionrad_id, m.kommunenummer, m.fra, m.til] for m in own.regionrad_medlemmer
        ])
    if own.oppgavefelt is not None:
        out["oppgavefelt"] = (list(TABLES["oppgavefelt"].columns), [
            [t.kode, t.navn, t.sektor] for t in own.oppgavefelt
        ])
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


def write_register(register: Register, path: str | Path) -> None:
    """Write in the container the path names: ``.xlsx``, ``.json``, else a CSV folder."""
    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx":
        write_xlsx(register, path)
    elif suffix == ".json":
        write_json(register, path)
    else:
        write_csv_folder(register, path)
