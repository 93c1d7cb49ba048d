"""Backing up and restoring the web registry's database (SQLite's online backup, pg_dump and
pg_restore on PostgreSQL): an owner can recover a register, and a restore keeps a copy of what it
replaced."""

from __future__ import annotations

import shutil

import pytest
from django.conf import settings

from samkart.web import backup as backups
from samkart.web.registry import changes
from samkart.web.registry.models import Arrangement, Change
from tests.web.conftest import _user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def tools():
    if "postgresql" in settings.DATABASES["default"]["ENGINE"] and not shutil.which("pg_dump"):
        pytest.skip("PostgreSQL's client tools are not installed")


def _count_names() -> dict[str, str]:
    return dict(Arrangement.objects.values_list("key", "navn"))


def test_a_restore_brings_the_register_back(golden_db, tools, tmp_path):
    admin = _user("eier")
    admin.is_superuser = True
    admin.save()
    before = _count_names()
    history = Change.objects.count()
    copy = backups.backup(tmp_path / "samkart.backup")
    assert (copy.stat().st_mode & 0o777) == 0o600
    described = backups.describe(copy)
    if described.arrangements >= 0:  # SQLite: read from the file itself
        assert (described.arrangements, described.changes) == (11, history)

    # Then a bad day: an arrangement changed, one created.
    a4 = Arrangement.objects.get(key="A4")
    changes.update(admin, "A4", {"navn": "Ødelagt", "tilknytningsform": "avtale",
                                 "sektor": "helse"},
                   [{"kommunenummer": "1714"}, {"kommunenummer": "1717"}], version=a4.version)
    changes.create(admin, {"id": "NY", "navn": "Ny", "tilknytningsform": "avtale",
                           "sektor": "helse"},
                   [{"kommunenummer": "1714"}, {"kommunenummer": "1717"}])
    assert _count_names() != before

    from django.core.cache import caches

    caches["default"].set("page-kept-under-a-version", "old page")
    kept = backups.restore(copy)
    assert _count_names() == before and Change.objects.count() == history
    # the versions after it will repeat ones pages were kept under: nothing kept survives
    assert caches["default"].get("page-kept-under-a-version") is None
    assert kept.exists() and kept != copy
    # ... and the restore itself can be undone from the copy it kept.
    backups.restore(kept)
    assert _count_names()["A4"] == "Ødelagt" and "NY" in _count_names()


def test_bad_backups_are_refused_with_a_reason(golden_db, tools, tmp_path):
    with pytest.raises(backups.BackupError, match="finnes ikke"):
        backups.describe(tmp_path / "borte.backup")
    junk = tmp_path / "tull.backup"
    junk.write_bytes(b"ikke en database")
    with pytest.raises(backups.BackupError, match="ikke en sikkerhetskopi"):
        backups.restore(junk)
    assert len(_count_names()) == 11
    copy = backups.backup(tmp_path / "en.backup")
    with pytest.raises(backups.BackupError, match="finnes allerede"):
        backups.backup(copy)


def test_the_database_password_is_never_on_a_command_line(settings, monkeypatch):
    # pg_dump's and pg_restore's command lines are visible to every local user (ps): the
    # password goes in their environment.
    db = dict(settings.DATABASES["default"], ENGINE="django.db.backends.postgresql",
              USER="samkart", PASSWORD="hemmelig/passord", HOST="db", PORT=5432, NAME="samkart")
    monkeypatch.setitem(settings.DATABASES, "default", db)
    seen = {}

    def run(args, **kwargs):
        seen["args"], seen["env"] = args, kwargs.get("env") or {}

        class Done:
            returncode, stderr = 0, ""
        return Done()

    monkeypatch.setattr(backups.subprocess, "run", run)
    backups._run(["pg_dump", "--file", "x", backups._pg_url()])
    assert not any("hemmelig" in a for a in seen["args"])
    assert seen["args"][-1] == "postgresql://samkart@db:5432/samkart"
    assert seen["env"]["PGPASSWORD"] == "hemmelig/passord"
