"""Backing up and restoring the web registry's database, so an owner can recover a register.

* SQLite (the default): SQLite's online backup API copies the database consistently while the
  server runs; the backup is itself a SQLite file.
* PostgreSQL: ``pg_dump --format=custom`` (the client tools of the server's major version), and
  ``pg_restore --clean --if-exists`` to restore.

A restore replaces everything in the database (arrangements, history, users, surveys) with the
backup's. It is a dry run unless ``commit``: :func:`describe` says what the backup holds next to
what the database holds now. Before it replaces anything, the current database is itself backed
up beside the backup (``…-for-gjenoppretting-<time>``), so that a wrong restore can be undone.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.cache import caches
from django.db import connections


class BackupError(Exception):
    """A backup or restore that could not be made; the message says why (bokmål)."""


@dataclass(frozen=True)
class Contents:
    """What a database (or a backup) holds."""

    arrangements: int
    changes: int
    users: int
    last_change: str


def _engine() -> str:
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"sikkerhetskopi støttes for SQLite og PostgreSQL, ikke {engine}")


def _sqlite_path() -> Path:
    return Path(settings.DATABASES["default"]["NAME"])


def _pg_url() -> str:
    """The database as a URL for pg_dump and pg_restore, without its password: a command line is
    visible to every local user (``ps``); the password goes in the tools' environment."""
    db = settings.DATABASES["default"]
    auth = quote(db.get("USER") or "")
    host = db.get("HOST") or "localhost"
    port = db.get("PORT") or 5432
    return f"postgresql://{auth + '@' if auth else ''}{host}:{port}/{quote(db['NAME'])}"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} finnes ikke; installer PostgreSQLs klientverktøy "
                          "(Debian: postgresql-client) i samme hovedversjon som serveren")
    return path


def _run(args: list[str]) -> None:
    env = dict(os.environ)
    password = settings.DATABASES["default"].get("PASSWORD")
    if password:
        env["PGPASSWORD"] = password
    result = subprocess.run(args, capture_output=True, text=True, check=False, env=env)
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} feilet: {result.stderr.strip()[:500]}")


def backup(target: Path) -> Path:
    """Write a backup of the database to ``target`` (a new file, written whole or not at all)."""
    if target.exists():
        raise BackupError(f"{target} finnes allerede; velg et nytt filnavn")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".samkart-backup-", dir=target.parent)
    os.close(fd)
    try:
        if _engine() == "sqlite":
            connections.close_all()
            source = sqlite3.connect(_sqlite_path())
            copy = sqlite3.connect(tmp)
            try:
                source.backup(copy)
            finally:
                copy.close()
                source.close()
        else:
            _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--file", tmp, _pg_url()])
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def contents_now() -> Contents:
    from django.contrib.auth import get_user_model

    from samkart.web.registry.models import Arrangement, Change

    last = Change.objects.order_by("-at").values_list("at", flat=True).first()
    return Contents(Arrangement.objects.count(), Change.objects.count(),
                    get_user_model().objects.count(), last.isoformat() if last else "")


def describe(source: Path) -> Contents:
    """What a backup holds (read without touching the database)."""
    if not source.is_file():
        raise BackupError(f"finnes ikke: {source}")
    if _engine() == "sqlite":
        try:
            db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            try:
                def one(sql: str):
                    return db.execute(sql).fetchone()[0]
                return Contents(one("select count(*) from registry_arrangement"),
                                one("select count(*) from registry_change"),
                                one("select count(*) from auth_user"),
                                one("select coalesce(max(at), '') from registry_change"))
            finally:
                db.close()
        except sqlite3.DatabaseError as e:
            raise BackupError(f"{source} er ikke en sikkerhetskopi av samkart: {e}") from e
    listing = subprocess.run([_tool("pg_restore"), "--list", str(source)], capture_output=True,
                             text=True, check=False)
    if listing.returncode != 0 or "registry_arrangement" not in listing.stdout:
        raise BackupError(f"{source} er ikke en sikkerhetskopi av samkart (pg_dump)")
    return Contents(-1, -1, -1, "")  # counts need a restore; pg_restore --list has none


def restore(source: Path) -> Path:
    """Replace the database with the backup's contents; returns the backup made of the database
    as it was just before."""
    describe(source)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    before = backup(source.with_name(f"{source.stem}-for-gjenoppretting-{stamp}{source.suffix}"))
    connections.close_all()
    if _engine() == "sqlite":
        copy = sqlite3.connect(source)
        target = sqlite3.connect(_sqlite_path())
        try:
            copy.backup(target)
        finally:
            target.close()
            copy.close()
    else:
        _run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
              "--dbname", _pg_url(), str(source)])
    # Kept pages carry the data version (highest change id, counts): after going back to an
    # older state, new changes would reach versions pages were kept under before the restore,
    # and a cache shared by the server's processes (Redis, files) outlives the server.
    caches["default"].clear()
    return before
