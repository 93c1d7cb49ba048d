"""Fixtures for the web registry: a small register in the database and one user per role.

The register is the golden one of ``tests/golden.py`` (Trøndelag 2013, bundled councils replaced by
its own R1 and R2, which the database does not keep: the level rule uses the bundled councils here,
and no web test depends on levels).
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches

from samkart.web.registry import changes
from samkart.web.registry.models import ApiToken, Profile
from tests.golden import golden_tables
from tests.helpers import load_ok, write_tables

PASSWORD = "et-langt-testpassord-42"


@pytest.fixture
def golden_db(db, tmp_path):
    # Each test's database is rolled back, so the data versions repeat from test to test while
    # a test may load other data: nothing computed for another test may be found under them.
    for name in ("default", "objects", "reports"):
        caches[name].clear()
    tables = golden_tables()
    tables = {k: v for k, v in tables.items() if k in ("ordninger", "deltakere")}
    register = load_ok(write_tables(tmp_path / "golden", tables))
    changes.load_into_empty_database(register, "test")
    return register


def _user(username: str, role: str | None = None, **profile) -> object:
    User = get_user_model()
    user = User.objects.create_user(username, password=PASSWORD)
    if role:
        Profile.objects.create(user=user, role=role, **profile)
    return user


@pytest.fixture
def users(db):
    User = get_user_model()
    admin = User.objects.create_superuser("sjef", password=PASSWORD)
    return {
        "admin": admin,
        # Sør-Trøndelag: A1, A2, A3, A5-A9, A11 have participants there; A4 and A10 do not.
        "analyst": _user("analytiker", Profile.ANALYST, counties="16"),
        # Stjørdal (1714) takes part in A2, A3 and A4 only.
        "editor": _user("stjordal", Profile.EDITOR, kommunenummer="1714"),
        "plain": _user("lesar"),
    }


@pytest.fixture
def login(client):
    def as_(user):
        client.force_login(user)
        return client
    return as_


@pytest.fixture
def token():
    return lambda user: ApiToken.issue(user, "test")
