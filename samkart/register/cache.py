"""A cache of validated registers, so that a second command on an unchanged register does not
read and validate it again.

Reading and validating a national register takes about half a second, a register of a million
participations ten; a command line tool is called again and again on the same files. After a
register has been read, what :func:`samkart.register.load.load_register` returned (the register,
or None, and every problem) is kept in a file under the user's cache folder, keyed by

* the content of every file of the register (a hash of the bytes, not the file times: a file
  copied back, or touched, is the same register), and
* the code and bundled reference data of this installation of samkart (their sizes and times),
  so that a cache written by another version of samkart — or by an edited checkout — is never
  trusted.

The entry is written after the command, by a forked child; a command that comes meanwhile for the
same register waits for it (:func:`computing`) rather than reading and validating again.
Any change makes a new key; old entries are pruned (the newest :data:`KEEP` stay). A cache file
that cannot be read is ignored and rewritten. The folder is the user's own (0700); nothing is
read from a folder other users could write to. ``SAMKART_NO_CACHE=1`` turns the cache off, and
``SAMKART_CACHE_DIR`` moves it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from samkart.gcpause import paused_gc
from samkart.i18n import get_language
from samkart.register.problems import Problem

if TYPE_CHECKING:
    from samkart.register.model import Register

KEEP = 8
WAIT = 120.0
"""Seconds :func:`computing` waits for another process (a million participations take a few)."""
_CHUNK = 1 << 20


def enabled() -> bool:
    return os.environ.get("SAMKART_NO_CACHE", "").strip().lower() not in ("1", "true", "ja", "yes")


def folder() -> Path | None:
    """The cache folder, made if needed; None when it is not safe to use (not the user's own, or
    writable by others)."""
    base = os.environ.get("SAMKART_CACHE_DIR")
    if base:
        path = Path(base)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        path = (Path(xdg) if xdg else Path.home() / ".cache") / "samkart" / "registers"
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = path.stat()
    except OSError:
        return None
    if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None
    return path


@cache
def code_version() -> str:
    """What identifies this installation's code and bundled data: samkart's version and the size
    and time of every file of the package (cheap to read: a stat per file), the templates and
    compiled translations included (they shape what is printed and shown)."""
    import samkart

    root = os.path.dirname(os.path.realpath(samkart.__file__))
    digest = hashlib.blake2b(getattr(samkart, "__version__", "0").encode(), digest_size=16)
    # os.walk, not Path.rglob: every command starts here, and rglob took twice as long.
    found = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [d for d in subfolders if d != "__pycache__"]
        found += [os.path.join(folder, name) for name in names
                  if name.endswith((".py", ".csv", ".json", ".geojson", ".html", ".mo"))]
    for path in sorted(found):
        info = os.stat(path)
        digest.update(f"{os.path.relpath(path, root)}:{info.st_size}:{info.st_mtime_ns};"
                      .encode())
    return digest.hexdigest()


def _hash_file(path: Path, digest: hashlib.blake2b) -> None:
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)


_once: dict[tuple[str, str], str | None] | None = None


@contextlib.contextmanager
def hashing_once() -> Iterator[None]:
    """Within the body (one command), a path's content is hashed once: the command's kept
    answer, the year's kept tables and the register cache each need the key of the same files.
    Not longer: a file rewritten soon after may keep its size and time stamp."""
    global _once
    outer, _once = _once, {} if _once is None else _once
    try:
        yield
    finally:
        _once = outer


def content_key(path: Path) -> str | None:
    """A key for the register at ``path`` from its files' contents; None for what is not a
    register file or folder (it is then read as usual, with its message)."""
    if _once is None:
        return _content_key(path)
    memo = (str(path.absolute()), get_language())
    if memo not in _once:
        _once[memo] = _content_key(path)
    return _once[memo]


def _content_key(path: Path) -> str | None:
    # The problems are kept as text, in the language they were made in: one entry per language.
    digest = hashlib.blake2b(f"{code_version()}\n{get_language()}".encode(), digest_size=20)
    try:
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".csv")
            digest.update(b"folder")
            for file in files:
                digest.update(f"\n{file.name}\n".encode())
                _hash_file(file, digest)
        elif path.is_file():
            digest.update(f"file{path.suffix.lower()}\n".encode())
            _hash_file(path, digest)
        else:
            return None
    except OSError:
        return None
    return digest.hexdigest()


def read_entry(where: Path, key: str) -> Any:
    """What is kept under ``key`` in the folder ``where`` (this cache's, or the kept answers' of
    ``samkart/cli/outputs.py``); None when nothing is, or it cannot be read."""
    entry = where / f"{key}.pickle"
    try:
        # Unpickling makes a hundred thousand objects: the cyclic collector would run through
        # them again and again (a third of the time) for nothing.
        with open(entry, "rb") as fh, paused_gc():
            stored_key, value = pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError,
            TypeError, IndexError):
        return None
    if stored_key != key:
        return None
    with contextlib.suppress(OSError):
        os.utime(entry)  # recently used: kept longest when pruning
    return value


def write_entry(where: Path, key: str, value: object, keep: int) -> None:
    """Keep ``value`` under ``key`` in ``where`` (written whole or not at all), and only the
    ``keep`` most recently used entries there. A full disk or a read-only folder keeps nothing."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=".write-", dir=where)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((key, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, where / f"{key}.pickle")
        entries = sorted(where.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[keep:]:
            old.unlink(missing_ok=True)
        # Lock files of work that never finished (a killed command): an hour is ample.
        for lock in where.glob("*.lock"):
            if lock.stat().st_mtime < time.time() - 3600:
                lock.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, RecursionError):
        Path(tmp).unlink(missing_ok=True)


def load_cached(path: str | Path, *, behind: bool = True
                ) -> tuple[Register | None, list[Problem]]:
    """:func:`~samkart.register.load.load_register` with the bundled reference and no limits (the
    command line's reading), from the cache when the register is unchanged. A register read
    anew is kept by a forked child after the command (``behind``), or before this returns: a
    process with threads running must not fork."""
    path = Path(path)
    key = content_key(path) if enabled() else None
    where = folder() if key is not None else None
    if key is None or where is None:
        return _read(path)
    hit = _register_entry(where, key)
    if hit is not None:
        return hit
    # A command right after the first (validate, then a table) waits for the first's entry
    # to be written rather than reading and validating the register once more.
    with computing(where, key) as lock:
        hit = _register_entry(where, key)
        if hit is not None:
            return hit
        value = _read(path)
        if behind:
            _write_behind(key, value, lock)
        else:
            _keep(where, key, value)
    return value


def _read(path: Path) -> tuple[Register | None, list[Problem]]:
    # The reader is imported only when a register must be read: with what it imports, a tenth
    # of the time of a command that finds the register here.
    from samkart.register.load import load_register

    return load_register(path)


def _register_entry(where: Path, key: str) -> tuple[Register | None, list[Problem]] | None:
    kept = read_entry(where, key)
    if kept is None:
        return None
    from samkart.reference import adopt  # not on the path of a kept answer

    register, problems, reference = kept
    # The bundled reference data, kept with the register (a year's view asks for it):
    # unpickled, a quarter of the time of reading its files.
    adopt(reference)
    return register, problems


def _write_behind(key: str, value: tuple[Register | None, list[Problem]],
                  lock: int | None = None) -> None:
    """Write the cache entry after the command, so that it does not wait for pickling (seconds
    for a large register)."""
    def work() -> None:
        where = folder()
        if where is not None:
            _keep(where, key, value)

    in_background(work, keep=lock)


def _keep(where: Path, key: str, value: tuple[Register | None, list[Problem]]) -> None:
    from samkart.reference import load_reference

    write_entry(where, key, (*value, load_reference()), KEEP)
    done_computing(where, key)


_held: set[int] = set()
"""The lock files (:func:`computing`) this process has open."""
_handed: set[int] = set()
"""Those of them a child forked by :func:`in_background` holds on to, to finish the work."""


def in_background(work: Callable[[], object], keep: int | None = None) -> None:
    """Run ``work`` in a forked child that outlives the command (where there is no fork, here
    and now). The child has its own session and no standard streams, so neither a terminal's
    Ctrl+C nor a caller reading the command's output to its end waits for it; it leaves without
    running the parent's exit handlers. Of the locks the command holds it keeps only ``keep``
    (the one of the work it finishes), so that nobody waits on it for other work."""
    if not hasattr(os, "fork"):
        work()
        return
    try:
        pid = os.fork()
    except OSError:
        work()
        return
    if pid > 0:
        if keep is not None:
            _handed.add(keep)
        return
    try:
        os.setsid()
        for fd in _held - {keep}:
            with contextlib.suppress(OSError):
                os.close(fd)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        work()
    finally:
        os._exit(0)


@contextlib.contextmanager
def computing(where: Path, key: str) -> Iterator[int | None]:
    """Held while one process computes what is to be kept under ``key`` in ``where``: another
    process that wants the same waits here (then finds it kept) instead of computing it too.

    An advisory lock on a file beside the entry (``fcntl.flock``); the body gets its descriptor
    (None when there is none) to hand to :func:`in_background`. The lock belongs to the open
    file, so a child forked to finish the work holds it until it ends, after the command has
    returned, and removes the file when it has written the entry (:func:`done_computing`); a
    command that leaves it without handing it to such a child removes it (the work is done, or
    failed). Waits at most :data:`WAIT` seconds (a hung holder cannot stop a command, which then
    computes for itself); without ``fcntl`` (Windows) nobody waits."""
    try:
        import fcntl
    except ImportError:
        yield None
        return
    path = where / f"{key}.lock"
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        yield None
        return
    held = False
    _held.add(fd)
    try:
        deadline = time.monotonic() + WAIT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                held = True
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.01)
            except OSError:
                break
        yield fd
    finally:
        handed = fd in _handed
        _held.discard(fd)
        _handed.discard(fd)
        if held and not handed:
            path.unlink(missing_ok=True)
        os.close(fd)  # not LOCK_UN: a forked child that finishes the work keeps the lock


def done_computing(where: Path, key: str) -> None:
    """The entry under ``key`` is written: its lock file (:func:`computing`) is not needed."""
    (where / f"{key}.lock").unlink(missing_ok=True)
