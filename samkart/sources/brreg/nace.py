"""From a unit's industry code (NACE, ``naeringskode1``, SN2007 as Enhetsregisteret gives it: ``84.110``)
to the register's ``sektor`` and ``delsektor``.

The table is data, ``data/nace_sektor.csv`` in this package: columns ``nace`` (a code or the start
of one: ``38`` is every code of division 38, ``84.25`` every code under 84.25), ``sektor`` (a code
of the register format) and ``delsektor`` (free text). The longest matching start wins. A user
overrides or extends it with a file of the same columns (``samkart import brreg --nace FILE``):
its rows replace the bundled rows with the same ``nace`` and add the others.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from samkart.domain.codes import Sector
from samkart.i18n import gettext as _
from samkart.sources.brreg.errors import SourceError

COLUMNS = ("nace", "sektor", "delsektor")


@dataclass(frozen=True, slots=True)
class SectorOf:
    """The sector a NACE code maps to, and the table's row (``nace``) that decided it."""

    sektor: Sector
    delsektor: str
    nace: str


@dataclass(frozen=True, slots=True)
class NaceTable:
    rows: dict[str, tuple[Sector, str]]

    def lookup(self, code: str | None) -> SectorOf | None:
        """The row with the longest ``nace`` that starts ``code``; None when no row does."""
        if not code:
            return None
        code = code.strip()
        for end in range(len(code), 0, -1):
            prefix = code[:end]
            if prefix.endswith("."):
                continue
            hit = self.rows.get(prefix)
            if hit is not None:
                return SectorOf(hit[0], hit[1], prefix)
        return None


def _parse(text: str, name: str) -> dict[str, tuple[Sector, str]]:
    lines = text.splitlines()
    if not lines:
        raise SourceError(_("{file}: filen er tom").format(file=name))
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    for column in ("nace", "sektor"):
        if column not in header:
            raise SourceError(_("{file}:1:{column}: kolonnen mangler").format(
                file=name, column=column))
    at = {c: header.index(c) for c in COLUMNS if c in header}
    rows: dict[str, tuple[Sector, str]] = {}
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        cell = {c: (cells[j].strip() if j < len(cells) else "") for c, j in at.items()}
        code = cell["nace"]
        if not code or not all(ch.isdigit() or ch == "." for ch in code):
            raise SourceError(_("{file}:{line}:nace: «{code}» er ikke en næringskode").format(
                file=name, line=line, code=code))
        sector = Sector.parse(cell["sektor"])
        if sector is None:
            raise SourceError(_("{file}:{line}:sektor: ukjent sektor «{value}» (gyldige: "
                                "{codes})").format(file=name, line=line, value=cell["sektor"],
                                                  codes=", ".join(Sector.codes())))
        rows[code] = (sector, cell.get("delsektor", ""))
    return rows


def bundled_rows() -> dict[str, tuple[Sector, str]]:
    text = resources.files("samkart.sources.brreg").joinpath("data", "nace_sektor.csv")
    return _parse(text.read_text("utf-8"), "nace_sektor.csv")


def load_nace_table(override: str | Path | None = None) -> NaceTable:
    """The bundled table, with the rows of ``override`` laid over it."""
    rows = bundled_rows()
    if override is not None:
        path = Path(override)
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise SourceError(_("{file}: kan ikke leses ({reason})").format(
                file=path, reason=e)) from e
        rows.update(_parse(text, str(path)))
    return NaceTable(rows)
