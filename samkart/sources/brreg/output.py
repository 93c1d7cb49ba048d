"""What an import gives a person: the register, the candidates file and the summary.

The register is built as the domain's :class:`Register` and then validated exactly as
``samkart validate`` would read it back (its tables as text, through the same loader), so a
register this import writes is one ``validate`` accepts. The candidates file is a CSV with the
register's columns where they are known and what a person must add (``hva_mangler``).
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import errno
import io
import os
import secrets
import shutil
from collections.abc import Iterable
from pathlib import Path

from samkart.i18n import gettext as _
from samkart.reference import Reference
from samkart.register.containers import RawTable, cell_text
from samkart.register.load import build_register
from samkart.register.model import Register
from samkart.register.problems import Problems, Severity
from samkart.register.spreadsheets import csv_rows
from samkart.register.write import register_tables, write_csv_folder
from samkart.sources.brreg.compare import SHARE_COLUMN
from samkart.sources.brreg.errors import SourceError
from samkart.sources.brreg.rules import Candidate, ImportResult, Summary

CANDIDATE_COLUMNS = (
    "orgnr", "navn", "organisasjonsform", "kommunenummer", "kommune", "eier",
    "tilknytningsform", "sektor", "delsektor", "etablert", "avviklet", "deltakere",
    "kommunal_eierandel", "i_registeret", "hva_mangler", "kilde",
)


def register_of(result: ImportResult, reference: Reference) -> Register:
    """The import's arrangements as a register, validated."""
    arrangements = {}
    participations = []
    for mapped in result.arrangements.values():
        arrangements[mapped.arrangement.id] = mapped.arrangement
        for p in mapped.participations:
            share = mapped.shares.get(p.kommunenummer)
            participations.append(dataclasses.replace(
                p, extra={SHARE_COLUMN: share} if share else {}))
    register = Register(
        arrangements, participations, reference.municipalities, reference.counties,
        reference.councils, list(reference.memberships), dict(reference.task_fields),
        extra_columns={"deltakere": [SHARE_COLUMN]} if any(
            p.extra for p in participations) else {},
    )
    return validated(register, reference)


def validated(register: Register, reference: Reference) -> Register:
    """``register`` read back as ``validate`` reads a file of it: the same register when it is
    valid; a :class:`SourceError` with the errors otherwise."""
    raw = {}
    for name, (columns, rows) in register_tables(register).items():
        raw[name] = RawTable(name, list(columns), [
            (i + 1, [cell_text(v) for v in row]) for i, row in enumerate(rows)])
    problems = Problems()
    checked = build_register(raw, problems, reference)
    if checked is None:
        errors = [p.line() for p in problems.sorted() if p.severity is Severity.ERROR]
        raise SourceError(_("registeret ville blitt ugyldig, ingenting er skrevet:\n{errors}")
                          .format(errors="\n".join(errors[:20])))
    checked.own = register.own
    return checked


def candidate_rows(candidates: Iterable[Candidate], reference: Reference, source: str
                   ) -> list[list[str]]:
    rows = []
    for c in candidates:
        m = reference.municipalities.any_version(c.kommunenummer) if c.kommunenummer else None
        rows.append([
            c.orgnr, c.navn, c.organisasjonsform, c.kommunenummer or "", m.navn if m else "",
            c.eier, c.tilknytningsform.code if c.tilknytningsform else "", c.sektor.code,
            c.delsektor, cell_text(c.etablert), cell_text(c.avviklet), ";".join(c.deltakere),
            "", "ja" if c.i_registeret else "nei", c.hva_mangler, source,
        ])
    return rows


def candidates_text(result: ImportResult, reference: Reference, source: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CANDIDATE_COLUMNS)
    # Opened in a spreadsheet to be completed: a name starting with "=" is shown, not run.
    writer.writerows(csv_rows(candidate_rows(result.candidates, reference, source)))
    return buffer.getvalue()


def write_new(register: Register, out: Path, candidates: Path, text: str) -> None:
    """Write the register folder ``out`` and the candidates file (``text``): both or neither.

    The candidates file is written first, to a temporary file beside it (so a place it cannot
    be written stops the import before the register is written), then the register, then the
    candidates file is moved into place; when a step fails, what the earlier ones wrote (and
    any folder they made) is removed and a :class:`SourceError` names the path. The candidates
    file gets the mode the register's files get (``0666`` less the umask): it is for a person
    to complete, like the register itself.
    """
    if candidates.is_dir():
        raise SourceError(_("kan ikke skrive kandidatfila {path}: det er en mappe").format(
            path=candidates))
    made: list[Path] = []  # folders made here, to remove on failure (outermost first)
    out_before = set(os.listdir(out)) if out.is_dir() else None
    staged: Path | None = None
    register_started = False
    try:
        try:
            made += _make_folders(candidates.parent)
            staged = _stage_text(candidates, text)
        except OSError as e:
            raise SourceError(_("kan ikke skrive kandidatfila {path}: {reason}").format(
                path=candidates, reason=_reason(e))) from None
        try:
            made += _make_folders(out.parent)
            register_started = True
            write_csv_folder(register, out)
        except OSError as e:
            raise SourceError(_("kan ikke skrive registeret {path}: {reason}").format(
                path=out, reason=_reason(e))) from None
        try:
            os.replace(staged, candidates)
        except OSError as e:
            raise SourceError(_("kan ikke skrive kandidatfila {path}: {reason}").format(
                path=candidates, reason=_reason(e))) from None
        staged = None
    except BaseException:  # an error above, or an interruption: leave nothing behind
        if register_started:
            _remove_register(out, out_before)
        if staged is not None:
            _remove(staged)
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def _reason(e: OSError) -> str:
    return e.strerror or str(e) or type(e).__name__


def _make_folders(folder: Path) -> list[Path]:
    """Make ``folder`` and its missing parents; the ones made, outermost first."""
    missing = []
    for f in (folder, *folder.parents):
        if f.exists():
            break
        missing.append(f)
    folder.mkdir(parents=True, exist_ok=True)
    return list(reversed(missing))


def _stage_text(path: Path, text: str) -> Path:
    """``text`` in a new temporary file beside ``path``, created as :func:`open` creates a file
    (``0666`` less the umask, as the register's files are), not ``0600`` as ``mkstemp``."""
    for _attempt in range(100):
        tmp = path.parent / f".samkart-{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        except BaseException:
            _remove(tmp)
            raise
        return tmp
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(path.parent))


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _remove_register(out: Path, before: set[str] | None) -> None:
    """Undo a register folder written (or half written) by :func:`write_new`."""
    if before is None:
        shutil.rmtree(out, ignore_errors=True)
    elif out.is_dir():
        for name in set(os.listdir(out)) - before:
            entry = out / name
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                _remove(entry)


def default_candidates_path(out: Path) -> Path:
    """Beside the register folder: ``DIR`` → ``DIR-kandidater.csv`` (inside it, ``validate``
    would warn of an unknown table)."""
    return out.parent / f"{out.name}-kandidater.csv"


def _counts(counter: dict[str, int]) -> str:
    return ", ".join(f"{k} {n}" for k, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def summary_lines(result: ImportResult) -> list[str]:
    """How many units were read, used and left out, and why."""
    s: Summary = result.summary
    needing = sum(1 for c in result.candidates if c.i_registeret)
    lines = [
        _("Enhetsregisteret, hentet {date} ({scope})").format(
            date=result.fetched.isoformat(), scope=result.scope.label()),
        _("Enheter lest: {n} (roller lest: {roles})").format(n=s.units_read, roles=s.roles_read),
        _("Brukt som ordninger: {n}").format(n=sum(s.used.values()))
        + (f" ({_counts(s.used)})" if s.used else ""),
    ]
    if needing:
        lines.append(_("  av dem uten deltakere i Enhetsregisteret (i kandidatfila): {n}")
                     .format(n=needing))
    lines.append(_("Kandidater å fullføre: {n}").format(n=sum(s.candidates.values()))
                 + (f" ({_counts(s.candidates)})" if s.candidates else ""))
    if s.left_out:
        lines.append(_("Ikke brukt:"))
        lines += [f"  {n:>9}  {why}" for why, n in sorted(s.left_out.items(),
                                                          key=lambda kv: -kv[1])]
    if s.roles_left_out:
        lines.append(_("Deltakerroller ikke brukt som deltakere:"))
        lines += [f"  {n:>9}  {why}" for why, n in sorted(s.roles_left_out.items(),
                                                          key=lambda kv: -kv[1])]
    return lines
