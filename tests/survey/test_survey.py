"""Survey responses: reading with located errors, the ``survey table`` contract, experience
ratings, and the check against the register. Expected values are worked out in the comments."""

from __future__ import annotations

import csv
import io

import pytest
from typer.testing import CliRunner

from samkart.cli import app
from samkart.survey import load_responses
from samkart.survey.analysis import (
    agreement,
    agreement_summary,
    by_county,
    experience_table,
    response_rate,
    task_field_table,
)
from tests.golden import write_golden
from tests.helpers import load_ok

runner = CliRunner()
# Four Trøndelag municipalities in 2013. Populations (1 January 2013, rounded): Rissa 6 600,
# Bjugn 4 800, Stjørdal 23 000, Frosta 2 600 -> classes 3 000-9 999 (Rissa, Bjugn),
# 20 000+ (Stjørdal), under 3 000 (Frosta).
SVAR = """\ufeffkommunenummer;ar;legevakt;renovasjon;barnevern;erfaring_okonomi;\
erfaring_styring_kontroll;kommentar
1624;2013;ja;ja;nei;5;2;Godt samarbeid
1627;2013;ja;nei;;4;vet_ikke;
1714;2013;nei;ja;ja;3;1;
1717;2013;;ja;ja;vet_ikke;;Ingen
"""


@pytest.fixture
def responses_file(tmp_path):
    path = tmp_path / "svar.csv"
    path.write_text(SVAR, "utf-8")
    return path


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_survey_table_contract(responses_file):
    result = runner.invoke(app, ["survey", "table", str(responses_file), "--format", "csv"])
    assert result.exit_code == 0, result.output
    out = {r["kode"]: r for r in rows(result.stdout)}
    assert result.stdout.splitlines()[0] == "kode,navn,svar,ja,andel_prosent,band"
    # legevakt: answered by Rissa, Bjugn (ja) and Stjørdal (nei): 2 of 3 = 66.7 %, hyppig.
    assert out["legevakt"] == {"kode": "legevakt", "navn": "Legevakt", "svar": "3", "ja": "2",
                               "andel_prosent": "66.7", "band": "hyppig"}
    # renovasjon: 3 of 4 = 75 %; barnevern: 2 of 3 (Bjugn left it empty) = 66.7 %.
    assert (out["renovasjon"]["svar"], out["renovasjon"]["andel_prosent"]) == ("4", "75.0")
    assert (out["barnevern"]["svar"], out["barnevern"]["ja"]) == ("3", "2")
    # A field nobody answered has no share.
    assert (out["revisjon"]["svar"], out["revisjon"]["andel_prosent"]) == ("0", "")


def test_survey_table_by_size(responses_file):
    result = runner.invoke(app, ["survey", "table", str(responses_file), "--by", "size",
                                 "--format", "csv"])
    assert result.exit_code == 0, result.output
    out = {(r["storrelse"], r["kode"]): r for r in rows(result.stdout)}
    # The contract's columns first; the year of the population figures extends them.
    assert result.stdout.splitlines()[0] == ("storrelse,kode,navn,svar,ja,andel_prosent,band,"
                                             "innbyggere_ar")
    # The survey counts 2013: every class uses the figures of 1 January 2013.
    assert {r["innbyggere_ar"] for r in rows(result.stdout)} == {"2013"}
    # 3 000-9 999: Rissa and Bjugn both ja on legevakt; 20 000+: Stjørdal nei.
    assert out[("3000_9999", "legevakt")]["andel_prosent"] == "100.0"
    assert out[("20000_", "legevakt")]["andel_prosent"] == "0.0"
    assert out[("under_3000", "renovasjon")]["ja"] == "1"
    assert next(r["storrelse"] for r in rows(result.stdout)) == "under_3000"


def test_band_boundaries_use_the_unrounded_share(tmp_path):
    # 1 of 5 = exactly 20 %: vanlig, not sjelden; 1 of 10 = 10 %: sjelden.
    numbers = ["1624", "1627", "1621", "1714", "1711", "1717", "1718", "1719", "1721", "1702"]
    lines = ["kommunenummer;ar;legevakt;ppt"]
    for i, k in enumerate(numbers):
        lines.append(f"{k};2013;{'ja' if i == 0 else 'nei' if i < 5 else ''};"
                     f"{'ja' if i == 0 else 'nei'}")
    path = tmp_path / "b.csv"
    path.write_text("\n".join(lines), "utf-8")
    loaded, _ = load_responses(path)
    out = {r[0]: r for r in task_field_table(loaded).rows}
    assert out["legevakt"][4:] == (20.0, "vanlig")
    assert out["ppt"][4:] == (10.0, "sjelden")


def test_errors_name_row_and_column_and_nothing_is_read(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("kommunenummer;ar;legevakt;erfaring_okonomi\n1624;2013;kanskje;9\n"
                    "1624;2013;ja;\nabc;2013;;\n1756;2011;;\n", "utf-8")
    loaded, problems = load_responses(path)
    assert loaded is None
    lines = [p.line() for p in problems]
    assert "error svar:1:legevakt: «kanskje» er ikke ja, nei eller tom" in lines
    assert "error svar:1:erfaring_okonomi: «9» er ikke 1–5, vet_ikke eller tom" in lines
    assert "error svar:2:kommunenummer: 1624 har allerede svart (rad 1)" in lines
    assert "error svar:3:kommunenummer: «abc» er ikke et kommunenummer" in lines
    assert any(line.startswith("error svar:4:kommunenummer: kommunenummer 1756 er ikke gyldig")
               for line in lines)
    result = runner.invoke(app, ["survey", "table", str(path), "--format", "csv"])
    assert result.exit_code == 1 and result.stdout == "" and "Traceback" not in result.output


def test_xlsx_sheet_svar(tmp_path, responses_file):
    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    sheet.title = "svar"
    for line in SVAR.lstrip("\ufeff").splitlines():
        sheet.append([int(c) if c.isdigit() and len(c) == 4 and c.startswith("2") else c
                      for c in line.split(";")])
    wb.save(tmp_path / "svar.xlsx")
    a, _ = load_responses(tmp_path / "svar.xlsx")
    b, _ = load_responses(responses_file)
    assert task_field_table(a).rows == task_field_table(b).rows


def test_experience_ratings(responses_file):
    loaded, _ = load_responses(responses_file)
    t = {r["dimensjon"]: r for r in experience_table(loaded).records()}
    # okonomi: 5, 4, 3, vet ikke -> N 4; good (4-5) 2 of 3 rated = 66.7 %; poor 0.
    assert (t["okonomi"]["n"], t["okonomi"]["vet_ikke"], t["okonomi"]["gode_prosent"],
            t["okonomi"]["darlige_prosent"]) == (4, 1, 66.7, 0.0)
    # styring_kontroll: 2, vet ikke, 1 (Frosta empty) -> N 3; poor 2 of 2 = 100 %.
    assert (t["styring_kontroll"]["n"], t["styring_kontroll"]["darlige_prosent"]) == (3, 100.0)


def test_response_rate_and_counties(responses_file):
    loaded, _ = load_responses(responses_file)
    rate = {r.fylkesnummer: r for r in response_rate(loaded, ["16", "17"]).rows}
    assert (rate["16"].svar, rate["16"].kommuner) == (2, 25)
    assert (rate["17"].svar, rate["17"].kommuner) == (2, 23)
    t = by_county(loaded)
    share = {r.kode: r for r in t.rows}
    assert share["legevakt"].counties == (100.0, 0.0)  # 16: Rissa, Bjugn ja; 17: Stjørdal nei
    # The flat row, as printed, has the counties' columns in order.
    assert t.columns == ("kode", "navn", "prosent_16", "prosent_17")
    assert t.records()[0]["prosent_16"] == share[str(t.records()[0]["kode"])].counties[0]


def test_agreement_with_the_register(tmp_path, responses_file):
    register = load_ok(write_golden(tmp_path / "g"))
    loaded, _ = load_responses(responses_file)
    t = {(r[0], r[2]): r for r in agreement(loaded, register).rows}
    # Golden 2013: Rissa has legevakt through A1 and A11, renovasjon through A2; Bjugn legevakt
    # (A1, A11), renovasjon (A2); Stjørdal renovasjon (A2), barnevern (A4); Frosta barnevern (A4).
    # Disagreements: Bjugn says nei to renovasjon; Frosta says ja to renovasjon.
    assert set(t) == {("1627", "renovasjon"), ("1717", "renovasjon")}
    assert t[("1627", "renovasjon")][4:] == ("nei", "ja", "A2")
    assert t[("1717", "renovasjon")][4:] == ("ja", "nei", "")
    # Compared: Rissa 3, Bjugn 2, Stjørdal 3, Frosta 2 = 10 answers, 8 agree.
    assert agreement_summary(loaded, register) == (4, 10, 8)
    result = runner.invoke(app, ["survey", "compare", str(responses_file),
                                 str(tmp_path / "g"), "--format", "csv"])
    assert result.exit_code == 0 and len(rows(result.stdout)) == 2
