"""The reading commands keep their answers (``samkart/cli/outputs.py``): the same command on the
same files prints the same without reading the register; any change of a file, an option or the
language gives a fresh answer; failures of ``table`` are not kept."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from samkart.cli import app
from samkart.register import cache
from tests.golden import write_golden

runner = CliRunner()


@pytest.fixture
def keeping(tmp_path, monkeypatch):
    monkeypatch.setenv("SAMKART_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SAMKART_NO_CACHE", raising=False)
    return tmp_path / "cache" / "answers"


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def _no_reading(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("the register was read")

    monkeypatch.setattr(cache, "load_cached", refuse)


def _settled(where, seconds=30.0):
    """Wait until the year's tables are kept (the child computing them removes its lock file
    when it has written them)."""
    import time

    deadline = time.monotonic() + seconds
    while list(where.glob("*.lock")):
        assert time.monotonic() < deadline, "the year's tables were never kept"
        time.sleep(0.02)


def test_a_second_call_is_answered_without_reading(tmp_path, keeping, monkeypatch):
    golden = write_golden(tmp_path / "reg")
    first = run("table", "municipalities", golden, "--year", "2013", "--format", "csv")
    assert first.exit_code == 0 and first.stdout.startswith("kommunenummer,")
    _no_reading(monkeypatch)
    second = run("table", "municipalities", golden, "--year", "2013", "--format", "csv")
    assert (second.exit_code, second.stdout) == (0, first.stdout)
    _settled(keeping)
    assert len(list(keeping.glob("*.pickle"))) == 2  # the answer, and the year's tables
    # another option is another answer (and must read)
    with pytest.raises(AssertionError, match="the register was read"):
        runner.invoke(app, ["table", "municipalities", str(golden), "--year", "2014"],
                      catch_exceptions=False)


def test_the_tables_of_a_year_are_kept_together(tmp_path, keeping, monkeypatch):
    # Whoever asks for one table of a year gets the others without the register being read
    # again; each is what the command computes with nothing kept.
    golden = write_golden(tmp_path / "reg")
    calls = [["counties"], ["arrangements"], ["task-fields"], ["municipalities", "--county", "18"],
             ["municipalities", "--county", "15"]]
    monkeypatch.setenv("SAMKART_NO_CACHE", "1")
    fresh = [run("table", *c[:1], golden, "--year", "2013", "--format", "json", *c[1:])
             for c in calls]
    assert all(r.exit_code == 0 for r in fresh)
    monkeypatch.delenv("SAMKART_NO_CACHE")
    assert run("table", "municipalities", golden, "--year", "2013").exit_code == 0
    _no_reading(monkeypatch)
    for call, expected in zip(calls, fresh, strict=True):
        kept = run("table", *call[:1], golden, "--year", "2013", "--format", "json", *call[1:])
        assert (kept.exit_code, kept.stdout) == (0, expected.stdout), call
    # another year is computed
    with pytest.raises(AssertionError, match="the register was read"):
        runner.invoke(app, ["table", "counties", str(golden), "--year", "2012"],
                      catch_exceptions=False)


def test_a_call_while_the_others_are_computed_waits_for_them(tmp_path, keeping, monkeypatch):
    # The first table of a year is printed at once; the year's other tables are computed after
    # the command, in a forked child. A call for one of them meanwhile waits for the child (made
    # slow here) instead of reading the register and computing them again.
    import time

    from samkart.cli import outputs

    golden = write_golden(tmp_path / "reg")
    real = outputs._compute

    def slow(view, name, county):
        if name == "counties":
            time.sleep(1.0)
        return real(view, name, county)

    monkeypatch.setattr(outputs, "_compute", slow)
    started = time.monotonic()
    first = run("table", "municipalities", golden, "--year", "2013", "--format", "csv")
    assert first.exit_code == 0 and time.monotonic() - started < 1.0  # did not wait
    _no_reading(monkeypatch)
    second = run("table", "counties", golden, "--year", "2013", "--format", "csv")
    assert second.exit_code == 0 and second.stdout.startswith("fylkesnummer,fylke,")
    assert time.monotonic() - started >= 1.0  # it waited for the child


def test_without_fork_the_tables_are_kept_before_the_command_ends(tmp_path, keeping,
                                                                   monkeypatch):
    monkeypatch.delattr("os.fork")
    golden = write_golden(tmp_path / "reg")
    assert run("table", "arrangements", golden, "--year", "2013").exit_code == 0
    assert len(list(keeping.glob("*.pickle"))) == 2 and not list(keeping.glob("*.lock"))
    _no_reading(monkeypatch)
    assert run("table", "task-fields", golden, "--year", "2013").exit_code == 0


def test_a_kept_table_of_the_demo_still_says_it_is_the_demo(tmp_path, keeping, monkeypatch):
    assert run("demo", "--out", tmp_path / "demo").exit_code == 0
    first = run("table", "counties", tmp_path / "demo", "--year", "2013", "--format", "csv")
    assert "demoregister" in first.stderr
    _no_reading(monkeypatch)
    kept = run("table", "task-fields", tmp_path / "demo", "--year", "2013", "--format", "csv")
    assert kept.exit_code == 0 and "demoregister" in kept.stderr
    assert kept.stdout.startswith("kode,navn,kommuner,andel_prosent,band")


def test_a_changed_file_is_read_again(tmp_path, keeping):
    golden = write_golden(tmp_path / "reg")
    before = run("table", "arrangements", golden, "--year", "2013", "--format", "csv")
    rows = (golden / "ordninger.csv").read_text(encoding="utf-8").splitlines()
    header = rows[0].split(",")
    first = rows[1].split(",")
    first[header.index("navn")] = "Et nytt navn"
    rows[1] = ",".join(first)
    (golden / "ordninger.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    after = run("table", "arrangements", golden, "--year", "2013", "--format", "csv")
    assert after.exit_code == 0 and "Et nytt navn" in after.stdout
    assert "Et nytt navn" not in before.stdout


def test_validate_keeps_its_verdict_and_table_failures_are_not_kept(tmp_path, keeping,
                                                                    monkeypatch):
    golden = write_golden(tmp_path / "reg")
    text = (golden / "ordninger.csv").read_text(encoding="utf-8")
    (golden / "ordninger.csv").write_text(text.replace(",helse,", ",romfart,", 1),
                                          encoding="utf-8")
    bad = run("validate", golden)
    assert bad.exit_code == 1 and "sektor" in bad.output
    table = run("table", "counties", golden, "--year", "2013")
    assert table.exit_code == 1
    assert len(list(keeping.glob("*.pickle"))) == 1  # validate's verdict only
    _no_reading(monkeypatch)
    again = run("validate", golden)
    assert (again.exit_code, again.output) == (1, bad.output)


def test_the_language_is_part_of_the_answer(tmp_path, keeping):
    golden = write_golden(tmp_path / "reg")
    text = (golden / "ordninger.csv").read_text(encoding="utf-8")
    (golden / "ordninger.csv").write_text(text.replace(",helse,", ",romfart,", 1),
                                          encoding="utf-8")
    nb = run("validate", golden)
    from samkart import i18n

    with i18n.using("en"):
        en = run("validate", golden)
    assert nb.exit_code == en.exit_code == 1 and en.output != nb.output


def test_without_the_cache_nothing_is_kept(tmp_path, keeping, monkeypatch):
    monkeypatch.setenv("SAMKART_NO_CACHE", "1")
    golden = write_golden(tmp_path / "reg")
    assert run("table", "counties", golden, "--year", "2013").exit_code == 0
    assert not keeping.exists() or not list(keeping.glob("*.pickle"))


def test_installing_a_package_changes_the_key(tmp_path, monkeypatch):
    # A library's new version (or an optional extra installed) may change an answer: a package
    # folder whose entries change gives another key.
    import os

    from samkart.cli import outputs

    site = tmp_path / "site-packages"
    site.mkdir()
    monkeypatch.setattr("sys.path", [str(site), str(tmp_path)])
    outputs._installation.cache_clear()
    before = outputs._installation()
    assert [entry for entry, _time in before] == [str(site)]  # not the working folder
    (site / "leidenalg-0.12.0.dist-info").mkdir()
    os.utime(site, ns=(0, before[0][1] + 1_000_000))
    outputs._installation.cache_clear()
    assert outputs._installation() != before
    outputs._installation.cache_clear()


def test_command_modules_give_typer_their_annotations_as_objects():
    # typer reads the annotations of every command on every call; string annotations (the
    # __future__ import) are compiled each time, a quarter of a kept answer's time.
    from pathlib import Path

    import samkart.cli

    folder = Path(samkart.cli.__file__).parent
    for name in samkart.cli.COMMAND_MODULES:
        text = (folder / f"{name}.py").read_text(encoding="utf-8")
        assert "from __future__ import annotations" not in text, name


def test_a_call_waits_only_for_the_work_it_needs(tmp_path, keeping, monkeypatch):
    # The first call writes the register cache and the year's tables, each in a child of its
    # own. A call for another table of the year waits for the tables (made to take 1 s), not
    # for the register's entry (made to take 3 s), whose child must not hold the tables' lock.
    import time

    golden = write_golden(tmp_path / "reg")
    real = cache.write_entry

    def slow(where, key, value, keep):
        if where == cache.folder():  # the register's entry
            time.sleep(3.0)
        elif isinstance(value, dict):  # the year's tables
            time.sleep(1.0)
        return real(where, key, value, keep)

    monkeypatch.setattr(cache, "write_entry", slow)
    started = time.monotonic()
    assert run("table", "municipalities", golden, "--year", "2013").exit_code == 0
    _no_reading(monkeypatch)
    assert run("table", "counties", golden, "--year", "2013").exit_code == 0
    assert 1.0 <= time.monotonic() - started < 2.5
    _settled(keeping.parent)


def test_a_failed_call_leaves_no_lock_behind(tmp_path, keeping):
    from tests.golden import golden_tables
    from tests.helpers import write_tables

    tables = golden_tables()
    tables["deltakere"][0]["kommunenummer"] = "9999"  # an error: the register is not valid
    bad = write_tables(tmp_path / "bad", tables)
    assert run("table", "counties", bad, "--year", "2013").exit_code == 1
    assert not list(keeping.glob("*.lock"))  # the year's tables: none will be computed
    _settled(keeping.parent)  # the register's verdict is kept, by a child, which removes its own
