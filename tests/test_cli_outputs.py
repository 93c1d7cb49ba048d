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


def test_a_second_call_is_answered_without_reading(tmp_path, keeping, monkeypatch):
    golden = write_golden(tmp_path / "reg")
    first = run("table", "municipalities", golden, "--year", "2013", "--format", "csv")
    assert first.exit_code == 0 and first.stdout.startswith("kommunenummer,")
    assert len(list(keeping.glob("*.pickle"))) == 1
    _no_reading(monkeypatch)
    second = run("table", "municipalities", golden, "--year", "2013", "--format", "csv")
    assert (second.exit_code, second.stdout) == (0, first.stdout)
    # another option is another answer (and must read)
    with pytest.raises(AssertionError, match="the register was read"):
        runner.invoke(app, ["table", "municipalities", str(golden), "--year", "2014"],
                      catch_exceptions=False)


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
