"""The cache of validated registers: a second read of an unchanged register comes from the cache
and equals the first; any change of content, or of samkart's code, reads it again."""

from __future__ import annotations

import os
import time

import pytest

from samkart.register import cache
from samkart.register.write import register_tables
from tests.golden import golden_tables
from tests.helpers import write_tables


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SAMKART_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SAMKART_NO_CACHE", raising=False)
    # Write in this process, so that the test sees the entry at once.
    monkeypatch.setattr(cache, "in_background", lambda work, keep=None: work())


@pytest.fixture
def reads(monkeypatch):
    from samkart.register import load

    count = []
    real = load.load_register
    monkeypatch.setattr(load, "load_register", lambda *a, **k: count.append(1) or real(*a, **k))
    return count


def test_second_read_comes_from_the_cache_and_equals_the_first(tmp_path, reads):
    tables = golden_tables()
    tables["ordninger"][0]["farge"] = "grønn"  # a warning, kept with the register
    folder = write_tables(tmp_path / "r", tables)
    first = cache.load_cached(folder)
    second = cache.load_cached(folder)
    assert len(reads) == 1
    assert [p.line() for p in second[1]] == [p.line() for p in first[1]]
    assert register_tables(second[0]) == register_tables(first[0])


def test_a_change_of_content_reads_again_a_touch_does_not(tmp_path, reads):
    folder = write_tables(tmp_path / "r", golden_tables())
    cache.load_cached(folder)
    later = time.time() + 100
    os.utime(folder / "ordninger.csv", (later, later))
    cache.load_cached(folder)
    assert len(reads) == 1
    text = (folder / "ordninger.csv").read_text("utf-8").replace("Ordning A1", "Ordning A!")
    (folder / "ordninger.csv").write_text(text, "utf-8")
    changed = cache.load_cached(folder)[0]
    assert len(reads) == 2 and changed.arrangements["A1"].navn == "Ordning A!"


def test_another_version_of_samkart_never_trusts_the_cache(tmp_path, reads, monkeypatch):
    folder = write_tables(tmp_path / "r", golden_tables())
    cache.load_cached(folder)
    monkeypatch.setattr(cache, "code_version", lambda: "en annen versjon")
    cache.load_cached(folder)
    assert len(reads) == 2


def test_errors_are_cached_too_and_a_broken_entry_is_read_again(tmp_path, reads):
    tables = golden_tables()
    tables["ordninger"][0]["sektor"] = "romfart"
    folder = write_tables(tmp_path / "r", tables)
    first = cache.load_cached(folder)
    assert first[0] is None
    for entry in (tmp_path / "cache").glob("*.pickle"):
        entry.write_bytes(b"\x80\x05 ikke en pickle")
    again = cache.load_cached(folder)
    assert len(reads) == 2 and [p.line() for p in again[1]] == [p.line() for p in first[1]]


def test_problems_are_in_the_language_of_the_read_not_of_the_entry(tmp_path, reads):
    from samkart import i18n

    tables = golden_tables()
    tables["ordninger"][0]["sektor"] = "romfart"
    folder = write_tables(tmp_path / "r", tables)
    bokmal = [p.message for p in cache.load_cached(folder)[1]]
    with i18n.using("en"):
        english = [p.message for p in cache.load_cached(folder)[1]]
    assert len(reads) == 2 and any("ukjent kode" in m for m in bokmal)
    assert any("unknown code" in m for m in english) and not any("ukjent" in m for m in english)


def test_a_folder_others_may_write_to_is_not_used(tmp_path, reads, monkeypatch):
    shared = tmp_path / "delt"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    monkeypatch.setenv("SAMKART_CACHE_DIR", str(shared))
    folder = write_tables(tmp_path / "r", golden_tables())
    cache.load_cached(folder)
    cache.load_cached(folder)
    assert len(reads) == 2 and not list(shared.iterdir())


def test_the_cache_can_be_turned_off(tmp_path, reads, monkeypatch):
    monkeypatch.setenv("SAMKART_NO_CACHE", "1")
    folder = write_tables(tmp_path / "r", golden_tables())
    cache.load_cached(folder)
    cache.load_cached(folder)
    assert len(reads) == 2


def test_old_entries_are_pruned(tmp_path):
    for i in range(cache.KEEP + 3):
        folder = write_tables(tmp_path / f"r{i}", golden_tables())
        (folder / "ekstra.csv").write_text(f"x\n{i}\n", "utf-8")
        cache.load_cached(folder)
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == cache.KEEP


def test_a_command_hashes_a_register_once_and_no_longer(tmp_path, monkeypatch):
    folder = write_tables(tmp_path / "reg", golden_tables())
    calls = []
    real = cache._content_key
    monkeypatch.setattr(cache, "_content_key", lambda p: calls.append(p) or real(p))
    with cache.hashing_once():
        first = cache.content_key(folder)
        assert cache.content_key(folder) == first and len(calls) == 1
    # after the command, a rewritten file is hashed again
    (folder / "ordninger.csv").write_text((folder / "ordninger.csv").read_text() + "\n")
    assert cache.content_key(folder) != first and len(calls) == 2


def test_a_read_while_the_first_is_written_waits_for_it(tmp_path, reads, monkeypatch):
    # The entry is written after the command, in the background; a second command meanwhile
    # waits for it (the lock beside the entry) instead of reading and validating again.
    import threading

    folder = write_tables(tmp_path / "reg", golden_tables())
    pending = []
    monkeypatch.setattr(cache, "in_background", lambda work, keep=None: pending.append(work))
    cache.load_cached(folder)
    assert len(reads) == 1 and len(pending) == 1
    held = threading.Event()

    def writer():  # as the forked child does: holds the lock until the entry is written
        with cache.computing(cache.folder(), cache.content_key(folder)):
            held.set()
            time.sleep(0.5)
            pending[0]()

    later = threading.Thread(target=writer)
    started = time.monotonic()
    later.start()
    held.wait()
    second = cache.load_cached(folder)
    later.join()
    assert len(reads) == 1 and time.monotonic() - started >= 0.5
    assert second[0] is not None
    assert not list((tmp_path / "cache").glob("*.lock"))


def test_the_bundled_reference_comes_with_a_kept_register(tmp_path, monkeypatch):
    # A year's view reads the bundled reference data; kept beside the register, it is not read
    # from its files again, and it is the same data.
    from samkart import reference

    folder = write_tables(tmp_path / "reg", golden_tables())
    cache.load_cached(folder)
    built = reference.load_reference()
    adopted = []
    monkeypatch.setattr(reference, "adopt", adopted.append)
    cache.load_cached(folder)
    assert len(adopted) == 1 and adopted[0] is not built and adopted[0] == built


def test_without_behind_the_entry_is_written_before_returning(tmp_path, reads, monkeypatch):
    # samkart report reads the register while its worker pool's threads run: no fork there.
    def no_fork(work, keep=None):
        raise AssertionError("forked")

    monkeypatch.setattr(cache, "in_background", no_fork)
    folder = write_tables(tmp_path / "reg", golden_tables())
    first = cache.load_cached(folder, behind=False)
    assert list((tmp_path / "cache").glob("*.pickle"))
    assert not list((tmp_path / "cache").glob("*.lock"))
    assert cache.load_cached(folder) == first and len(reads) == 1
