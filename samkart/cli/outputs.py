"""The answers of the reading commands, kept: ``samkart validate`` and ``samkart table …`` on an
unchanged register print what they printed before, without reading the register again.

These commands only read, and what they print depends only on their options, the files they read,
this installation of samkart and its libraries, the language and the date (validation looks at
the current year).
Their standard output, standard error and exit code are kept beside the cache of validated
registers (:mod:`samkart.register.cache`, same folder rules, ``SAMKART_NO_CACHE=1`` turns both
off), under a key of all of those: the content of every file a path option names (hashed, as the
register cache does), the code version, the language and today's date. Any change of a file, an
option or samkart gives another key, so a kept answer is never stale; the first call of a command
on a register still computes (from the register cache, when that has the register).

A national register takes about a second a call through the register cache (loading it and
computing the year's view); a kept answer takes the interpreter's start and a hash of the files.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import json
import os
import pickle
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from samkart import i18n
from samkart.gcpause import paused_gc
from samkart.register import cache

if TYPE_CHECKING:  # the analyses are imported only when a table is computed
    from samkart.analysis.tables import Table
    from samkart.analysis.yearview import YearView

KEEP = 64
"""Answers kept (the newest); each is a few kilobytes to a few megabytes of text."""
ONE_COMMAND = False
"""Whether this process ends with the command (``samkart`` as a program, :func:`samkart.cli.main`),
so that what the command loads may simply last to the end."""


def _folder() -> Path | None:
    base = cache.folder()
    if base is None:
        return None
    where = base / "answers"
    try:
        where.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return None
    return where


def _key(command: str, params: dict[str, Any]) -> str | None:
    """The key of ``command`` with ``params``; None when a file it names cannot be hashed (then
    the command simply runs)."""
    parts: dict[str, Any] = {}
    for name, value in sorted(params.items()):
        if isinstance(value, Path):
            content = cache.content_key(value)
            if content is None:
                return None
            parts[name] = ["file", content]
        elif isinstance(value, Enum):
            parts[name] = ["enum", str(value.value)]
        elif value is None or isinstance(value, (str, int, float, bool)):
            parts[name] = value
        else:  # an option of a kind not foreseen: do not guess its identity
            return None
    text = json.dumps([command, parts, cache.code_version(), _installation(), i18n.get_language(),
                       dt.date.today().isoformat()], sort_keys=True)
    return hashlib.blake2b(text.encode(), digest_size=20).hexdigest()


@functools.cache
def _installation() -> list[tuple[str, int]]:
    """What identifies the installed libraries: the package folders Python imports from, with
    their modification times. Installing, upgrading or removing a package (a new version's metadata
    folder, an optional extra such as Leiden) changes its folder's entries and so its time; a
    stat per folder, where asking each library for its version took a tenth of a call."""
    out = []
    for entry in sys.path:
        # package folders only: the working folder's time changes with every file written there
        if Path(entry).name not in ("site-packages", "dist-packages"):
            continue
        try:
            out.append((entry, os.stat(entry).st_mtime_ns))
        except OSError:
            continue
    return out


class _Tee(io.TextIOBase):
    """Writes to a stream and keeps a copy."""

    def __init__(self, stream):
        self.stream, self.copy = stream, io.StringIO()

    def write(self, text: str) -> int:
        self.copy.write(text)
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()


def keeps_output(command: str, callback: Callable[..., Any]) -> Callable[..., Any]:
    """``callback`` (a reading command's function) answering from the kept answers when it can,
    and keeping its answer when it ends normally, or for ``validate`` with exit 1 (a register
    with errors: the answer is the list of them)."""
    kept_codes = (0, 1) if command == "validate" else (0,)

    @functools.wraps(callback)
    def wrapper(**params: Any) -> Any:
        with cache.hashing_once():
            return _answer(params)

    def _answer(params: dict[str, Any]) -> Any:
        where = _folder() if cache.enabled() else None
        key = _key(command, params) if where is not None else None
        if where is None or key is None:
            return callback(**params)
        kept = cache.read_entry(where, key)
        if kept is not None:
            out, err, code = kept
            sys.stdout.write(out)
            sys.stderr.write(err)
            if code:
                raise typer.Exit(code)
            return None
        stdout, stderr = _Tee(sys.stdout), _Tee(sys.stderr)
        sys.stdout, sys.stderr = stdout, stderr
        code = None
        try:
            callback(**params)
            code = 0
        except typer.Exit as e:
            code = e.exit_code
            raise
        finally:
            sys.stdout, sys.stderr = stdout.stream, stderr.stream
            if code in kept_codes:
                cache.write_entry(where, key, (stdout.copy.getvalue(), stderr.copy.getvalue(),
                                               code), KEEP)
        return None

    return wrapper



YEAR_TABLES = ("municipalities", "counties", "arrangements", "task-fields")
"""The contract's counting tables of a year (``samkart table NAME --year Y``)."""


def year_table(register: Path, year: int, name: str, county: str | None = None) -> Table:
    """The table ``name`` of ``year`` (for ``county``: municipalities only). The first of them
    asked for a register and year computes the year's view, and from it this table, and then, in
    the background after the command, all the others (and the municipalities of each county),
    and keeps them, in the contract's bokmål as the commands print them: the view is nearly all
    of a table's cost, and whoever asks for one table of a year usually asks for the others. A
    table kept is printed without loading the register; a call that comes while the others are
    being computed waits for them rather than computing them again."""
    where = _folder() if cache.enabled() else None
    key = _key("year-tables", {"register": register, "year": year}) if where else None
    if where is None or key is None:
        return _compute_tables(register, year, (name, county), None)[0]
    wanted = (name, county)
    table = _kept_table(cache.read_entry(where, key), wanted)
    if table is not None:
        return table
    with cache.computing(where, key) as lock:
        # Another call may have computed them while this one waited.
        kept = cache.read_entry(where, key)
        table = _kept_table(kept, wanted)
        if table is not None:
            return table
        table, finish = _compute_tables(register, year, wanted,
                                        dict(kept["tables"]) if kept is not None else {})
        cache.in_background(lambda: finish(where, key), keep=lock)
    return table


def _kept_table(kept: Any, wanted: tuple[str, str | None]) -> Table | None:
    """The table ``wanted`` from the year's kept tables ``kept`` (None: not among them)."""
    from samkart.cli.app import say_demo

    # Each table is kept pickled on its own, so that a call unpickles only the one it prints
    # (the arrangements table of a large register is most of the entry).
    if kept is None or wanted not in kept["tables"]:
        return None
    if kept["demo"]:
        say_demo()
    return pickle.loads(kept["tables"][wanted])


def _compute_tables(register: Path, year: int, wanted: tuple[str, str | None],
                    tables: dict[tuple[str, str | None], bytes] | None
                    ) -> tuple[Table, Callable[[Path, str], None]]:
    """The table ``wanted`` of ``year``, and what computes and keeps the year's others with it
    (into ``tables``, those kept already)."""
    from samkart.analysis.yearview import YearView
    from samkart.cli.app import contract_data, load_or_exit
    from samkart.demo.marker import is_demo

    # A large register is a few million objects, read at once and kept to the end of the
    # command: the cyclic collector would go through them again and again while the view is
    # made, and once more after (a fifth of the time at a million participations), for nothing.
    # Frozen out of its sight only when the process ends with the command (not in a test's).
    with paused_gc(lasting=ONE_COMMAND):
        loaded = load_or_exit(register)
        view = YearView(loaded, year)
        with contract_data():
            table = _compute(view, *wanted)

    def finish(where: Path, key: str) -> None:
        everything = dict(tables or {})
        everything[wanted] = pickle.dumps(table, pickle.HIGHEST_PROTOCOL)
        # Also the municipalities of each county (--county): a filter of work already done.
        counties = sorted({m.fylkesnummer for m in view.municipalities.values()})
        with contract_data(), paused_gc():
            for other in [(name, None) for name in YEAR_TABLES] + [("municipalities", c)
                                                                  for c in counties]:
                if other not in everything:
                    everything[other] = pickle.dumps(_compute(view, *other),
                                                     pickle.HIGHEST_PROTOCOL)
        cache.write_entry(where, key, {"tables": everything, "demo": is_demo(loaded)}, KEEP)
        cache.done_computing(where, key)

    return table, finish


def _compute(view: YearView, name: str, county: str | None) -> Table:
    from samkart.analysis import tables

    if name == "municipalities":
        return tables.municipalities_table(view, county)
    if name == "counties":
        return tables.counties_table(view)
    if name == "arrangements":
        return tables.arrangements_table(view)
    assert name == "task-fields", name
    return tables.task_fields_table(view)
