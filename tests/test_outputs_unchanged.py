"""Every contract output of ``docs/spec/cli.md`` stays byte for byte what it was.

The files in ``tests/golden_outputs/`` were written by this test from the code as it stood before
the analyses got named rows and the report was split into chapters (issue 15): standard output of
``samkart validate``, of the four ``samkart table`` commands in CSV and JSON for several years (with
and without ``--county``) and of ``samkart survey table`` (with and without ``--by size``), on the
bundled demo register and on the hand-made register of ``tests/golden.py``. A refactoring that
changes a single byte of them changes a public contract, and fails here.

A deliberate change of an output (one the contract allows) is recorded by running
``SAMKART_WRITE_GOLDEN=1 pytest tests/test_outputs_unchanged.py`` and committing the files with the
reason; never to make a refactoring pass.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from samkart import i18n
from samkart.cli import app
from tests.golden import golden_tables
from tests.helpers import write_tables
from tests.survey.test_survey import SVAR

GOLDEN = Path(__file__).resolve().parent / "golden_outputs"
WRITE = os.environ.get("SAMKART_WRITE_GOLDEN") == "1"

runner = CliRunner()


def _cases() -> list[tuple[str, list[str], int]]:
    """(file name, arguments with ``{demo}``/``{golden}``/``{broken}``/``{svar}`` for the inputs,
    expected exit code)."""
    cases: list[tuple[str, list[str], int]] = [
        ("demo-validate.txt", ["validate", "{demo}"], 0),
        ("golden-validate.txt", ["validate", "{golden}"], 0),
        ("broken-validate.txt", ["validate", "{broken}"], 1),
    ]
    tables = ("municipalities", "counties", "arrangements", "task-fields")
    # The demo in three mapping years (Nord-Trøndelag 2012, Sør-Trøndelag and Møre og Romsdal
    # 2013, Nordland 2014) and a year before the first round.
    for year in (2009, 2012, 2013, 2014):
        for table in tables:
            cases.append((f"demo-{table}-{year}.csv", ["table", table, "{demo}", "--year",
                                                       str(year), "--format", "csv"], 0))
    for table in tables:
        cases.append((f"demo-{table}-2014.json", ["table", table, "{demo}", "--year", "2014",
                                                  "--format", "json"], 0))
    for year, county in ((2014, "18"), (2013, "16"), (2012, "17")):
        for fmt in ("csv", "json"):
            cases.append((f"demo-municipalities-{year}-county{county}.{fmt}",
                          ["table", "municipalities", "{demo}", "--year", str(year), "--county",
                           county, "--format", fmt], 0))
    for year in (2013, 2014):
        for table in tables:
            for fmt in ("csv", "json", "table"):
                cases.append((f"golden-{table}-{year}.{fmt if fmt != 'table' else 'txt'}",
                              ["table", table, "{golden}", "--year", str(year), "--format", fmt],
                              0))
    cases.append(("golden-municipalities-2013-county16.csv",
                  ["table", "municipalities", "{golden}", "--year", "2013", "--county", "16",
                   "--format", "csv"], 0))
    for fmt in ("csv", "json", "table"):
        ext = fmt if fmt != "table" else "txt"
        cases.append((f"survey-table.{ext}", ["survey", "table", "{svar}", "--format", fmt], 0))
        cases.append((f"survey-table-by-size.{ext}",
                      ["survey", "table", "{svar}", "--by", "size", "--format", fmt], 0))
    return cases


CASES = _cases()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("contract")
    demo = root / "demo"
    with i18n.using("nb"):
        made = runner.invoke(app, ["demo", "--out", str(demo)])
    assert made.exit_code == 0, made.output
    golden = write_tables(root / "golden", golden_tables())
    # The hand-made register with three errors: an unknown municipality, an unknown sector code
    # and a participation of an arrangement that does not exist.
    tables = golden_tables()
    tables["ordninger"].append({"id": "X1", "navn": "Feil", "tilknytningsform": "avtale",
                                "sektor": "ukjent_sektor"})
    tables["deltakere"] += [{"ordning_id": "A1", "kommunenummer": "9999"},
                            {"ordning_id": "X9", "kommunenummer": "1624"}]
    broken = write_tables(root / "broken", tables)
    svar = root / "svar.csv"
    svar.write_text(SVAR, "utf-8")
    return {"demo": str(demo), "golden": str(golden), "broken": str(broken), "svar": str(svar)}


@pytest.mark.parametrize(("name", "args", "exit_code"), CASES, ids=[c[0] for c in CASES])
def test_output_is_unchanged(inputs, name, args, exit_code):
    # Bokmål whatever the machine's locale: validation messages are in the user's language.
    with i18n.using("nb"):
        result = runner.invoke(app, [a.format(**inputs) for a in args])
    assert result.exit_code == exit_code, result.output
    got = result.stdout.encode("utf-8")
    path = GOLDEN / name
    if WRITE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(got)
    assert path.exists(), f"{name} has no golden file (SAMKART_WRITE_GOLDEN=1 writes it)"
    # Byte for byte; on a difference, the first differing line says where.
    expected = path.read_bytes()
    if got != expected:
        for i, (a, b) in enumerate(zip(got.splitlines(), expected.splitlines(), strict=False)):
            assert a == b, f"{name}:{i + 1}: {a!r} != {b!r}"
        assert got == expected, f"{name}: {len(got)} bytes, expected {len(expected)}"


def test_every_golden_file_belongs_to_a_case():
    # A case removed without its file would leave a contract output no longer checked.
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(c[0] for c in CASES)


def test_golden_files_hold_real_output():
    # A golden file that is empty (or only a header) would let an output that lost its rows pass.
    # The demo register is valid and clean: ``validate`` prints nothing for it (exit 0).
    assert (GOLDEN / "demo-validate.txt").read_bytes() == b""
    for name, _, _ in CASES:
        if name == "demo-validate.txt":
            continue
        text = (GOLDEN / name).read_text("utf-8")
        assert len(text.splitlines()) >= 2 or text.startswith("[\n {"), name
