"""The page cache keyed on validated parameters and bounded in bytes, and reports that a flood
cannot make the server build again and again (issue 14, MEDIUM and MEDIUM-LOW)."""

from __future__ import annotations

import pytest
from django.core.cache import caches

from samkart.web.registry.cache import BoundedMemoryCache, exclusive

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_caches():
    for name in ("default", "objects", "reports"):
        caches[name].clear()
    yield
    for name in ("default", "objects", "reports"):
        caches[name].clear()


def _entries() -> int:
    return len(caches["default"]._cache)


def test_junk_query_strings_share_one_cache_entry(client, golden_db):
    """The probe: 1,000 requests with junk query strings grew one process from 117 to 729 MB."""
    client.get("/ordninger/A4/?ar=2013")
    kept = _entries()
    for i in range(200):
        response = client.get(f"/ordninger/A4/?ar=2013&junk{i}={'x' * 100}")
        assert response.status_code == 200
    assert _entries() == kept
    assert response["X-Samkart-Cache"] == "hit"
    for i in range(50):
        client.get(f"/api/arrangements?year=2013&junk{i}=1")
    api_kept = _entries()
    client.get("/api/arrangements?year=2013&noe_annet=2")
    assert _entries() == api_kept


@pytest.mark.parametrize("query", ["sammenlign=²", "ar=" + "9" * 5000, "ar=20x3", "fylke=abc",
                                   "ar=2013&sammenlign=2014", "ar=1800"])
def test_bad_parameters_are_400_never_500(client, golden_db, query):
    """The probe: ?sammenlign=² and a 5,000-digit value gave 500."""
    response = client.get(f"/rapport/?{query}")
    assert response.status_code == 400 and b"Traceback" not in response.content
    assert client.get(f"/kommuner/?{query}").status_code in (200, 400)


def test_the_cache_is_bounded_in_bytes():
    cache = BoundedMemoryCache("test-bounded", {"OPTIONS": {"MAX_BYTES": 100_000}})
    cache.clear()
    for i in range(100):
        cache.set(f"k{i}", b"x" * 10_000)
    assert cache.total_bytes() <= 100_000
    assert cache.get("k99") is not None and cache.get("k0") is None  # oldest out first
    cache.set("huge", b"x" * 60_000)  # more than a quarter of the whole: not kept
    assert cache.get("huge") is None


def test_a_report_is_built_once_per_data_version(client, golden_db, monkeypatch):
    from samkart.web.registry.views import public

    built = []
    real = public.build_report
    monkeypatch.setattr(public, "build_report", lambda *a, **k: built.append(a) or real(*a, **k))
    for chapter in ("", "omfang", "innhold"):
        client.get(f"/rapport/{chapter + '/' if chapter else ''}?ar=2013")
    client.get("/rapport/?ar=2013&junk=1")
    assert len(built) == 1


def test_while_a_report_is_built_others_are_told_to_come_back(client, golden_db):
    with exclusive("report") as mine:
        assert mine
        response = client.get("/rapport/?ar=2013")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert client.get("/rapport/?ar=2013").status_code == 200  # the lock is free again


def test_a_county_without_arrangements_is_404(client, golden_db):
    assert client.get("/rapport/?ar=2013&fylke=03").status_code == 404


def _redis_url() -> str | None:
    import os
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        if os.environ.get("CI") == "true":
            raise
        return None
    return "redis://127.0.0.1:6379/15"


def test_a_shared_cache_is_shared_by_processes(tmp_path):
    """With SAMKART_CACHE_URL, a page one server process keeps is a hit in another."""
    import os
    import subprocess
    import sys

    url = _redis_url()
    if url is None:
        pytest.skip("no Redis on 127.0.0.1:6379")
    script = (
        "import django, sys\n"
        "django.setup()\n"
        "from django.core.cache import caches\n"
        "c = caches['default']\n"
        "print(type(c).__name__)\n"
        "if sys.argv[1] == 'set': c.set('samkart-test-shared', b'side')\n"
        "else: print(c.get('samkart-test-shared'))\n")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "samkart.web.settings",
           "SAMKART_CACHE_URL": url, "SAMKART_DATA_DIR": str(tmp_path)}
    first = subprocess.run([sys.executable, "-c", script, "set"], env=env, capture_output=True,
                           text=True, check=True)
    second = subprocess.run([sys.executable, "-c", script, "get"], env=env, capture_output=True,
                            text=True, check=True)
    assert first.stdout.splitlines()[0] == "RedisCache"
    assert second.stdout.splitlines()[1] == "b'side'"


def test_a_write_committed_behind_a_later_change_still_moves_the_version(client, golden_db,
                                                                        users):
    # On PostgreSQL two writes can commit out of the order of their Change ids. Here the later
    # one (a far higher id) has committed first, and an anonymous page is kept; then the earlier
    # one commits with a lower id (on PostgreSQL; SQLite numbers after the highest), which the
    # highest id cannot show. The count of writes moves with it, so the page is made anew.
    from samkart.web.registry import changes, store
    from samkart.web.registry.models import Change, DataVersion

    Change.objects.create(id=10**9, arrangement_key="A4", action="endret")
    before = store.data_version()
    kept = client.get("/ordninger/A4/?ar=2011")
    assert client.get("/ordninger/A4/?ar=2011")["X-Samkart-Cache"] == "hit"
    writes = DataVersion.objects.get(id=1).n
    changes.end(users["admin"], "A4", 2012, version=1)
    assert store.data_version() != before and DataVersion.objects.get(id=1).n == writes + 1
    page = client.get("/ordninger/A4/?ar=2011")
    assert page.get("X-Samkart-Cache") != "hit" and page.content != kept.content


def test_a_write_that_fails_moves_nothing(golden_db, users):
    from samkart.web.registry import changes, store

    before = store.data_version()
    with pytest.raises(changes.ChangeError):
        changes.end(users["admin"], "A4", 2012, version=99)  # stale
    assert store.data_version() == before


def test_a_write_transaction_moves_the_count_once_at_its_end(golden_db):
    from samkart.web.registry import store
    from samkart.web.registry.models import DataVersion

    def count():
        return DataVersion.objects.get(id=1).n

    before = count()
    with store.writing():
        with store.writing():  # nested: part of the outer write
            pass
        assert count() == before  # not yet: moved last, just before the commit
    assert count() == before + 1
    DataVersion.objects.all().delete()  # a database without the migration's row
    with store.writing():
        pass
    assert count() == 1
